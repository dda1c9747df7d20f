# Trails that record one region only: the default, and false set explicitly.
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-audit-trail-${data.aws_caller_identity.current.account_id}"
}

data "aws_iam_policy_document" "trail_bucket" {
  statement {
    sid       = "AWSCloudTrailWrite"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.trail.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = data.aws_iam_policy_document.trail_bucket.json
}

resource "aws_cloudtrail" "main" { # expect: FG-MON-006 aws_cloudtrail.main
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
  depends_on                 = [aws_s3_bucket_policy.trail]
}

resource "aws_cloudtrail" "data" {
  name                  = "data-events"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = false # expect: FG-MON-006 aws_cloudtrail.data

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}
