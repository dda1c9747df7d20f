# Look-alike: trails encrypted with a key of this configuration (by ARN,
# through a local) and with a key passed in a variable with no default.
variable "audit_key_arn" {
  type = string
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "trail_key" {
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "CloudTrailEncrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.trail_key.json
}

locals {
  trail_key = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = "acme-org-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "security" {
  name           = "security"
  s3_bucket_name = "acme-org-trail"
  kms_key_id     = local.trail_key
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "acme-audit-trail"
  kms_key_id     = var.audit_key_arn
}
