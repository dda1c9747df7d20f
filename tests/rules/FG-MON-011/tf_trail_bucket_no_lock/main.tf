# Trail buckets without Object Lock: a versioned, encrypted bucket (neither
# is Object Lock), and a bucket with object_lock_enabled = false reached by
# its name through a local.
data "aws_caller_identity" "current" {}

locals {
  archive_bucket = "acme-trail-archive-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket" "trail" { # expect: FG-MON-011 aws_s3_bucket.trail
  bucket        = "acme-trail-${data.aws_caller_identity.current.account_id}"
  force_destroy = false
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  bucket = aws_s3_bucket.trail.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_s3_bucket" "archive" {
  bucket              = local.archive_bucket
  object_lock_enabled = false # expect: FG-MON-011 aws_s3_bucket.archive
}

resource "aws_cloudtrail" "archive" {
  name           = "archive"
  s3_bucket_name = local.archive_bucket
}
