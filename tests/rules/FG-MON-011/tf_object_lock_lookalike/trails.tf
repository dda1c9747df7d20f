variable "log_archive_bucket" {
  type = string
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "security" {
  name           = "security"
  s3_bucket_name = aws_s3_bucket.security.id
}

resource "aws_cloudtrail" "archive" {
  name           = "archive"
  s3_bucket_name = var.log_archive_bucket
}

resource "aws_cloudtrail" "central" {
  name           = "central"
  s3_bucket_name = "central-log-archive"
}
