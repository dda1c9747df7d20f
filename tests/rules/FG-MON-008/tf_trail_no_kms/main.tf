# A trail whose log files get S3-managed encryption only: the bucket's
# default encryption (even with KMS) does not encrypt the trail itself, and
# a key chosen only when a flag (off by default) is set.
variable "encrypt_data_events" {
  type    = bool
  default = false
}

resource "aws_kms_key" "logs" {
  description         = "S3 default encryption for the trail bucket"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-org-trail"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.logs.arn
    }
  }
}

resource "aws_cloudtrail" "org" { # expect: FG-MON-008 aws_cloudtrail.org
  name                       = "org"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "lambda" {
  name           = "lambda-data-events"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = var.encrypt_data_events ? aws_kms_key.logs.arn : null # expect: FG-MON-008 aws_cloudtrail.lambda
}
