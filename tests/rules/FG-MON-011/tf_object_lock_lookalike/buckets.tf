# Look-alike: each trail bucket has Object Lock, created with it (and a
# default retention) or enabled on the existing bucket by a separate
# configuration; a bucket of another configuration is not visible here.
resource "aws_s3_bucket" "trail" {
  bucket              = "acme-trail-logs"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}

resource "aws_s3_bucket" "security" {
  bucket = "acme-security-trail"
}

resource "aws_s3_bucket_versioning" "security" {
  bucket = aws_s3_bucket.security.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "security" {
  bucket              = aws_s3_bucket.security.bucket
  object_lock_enabled = "Enabled"
  rule {
    default_retention {
      mode  = "GOVERNANCE"
      years = 1
    }
  }
  depends_on = [aws_s3_bucket_versioning.security]
}
