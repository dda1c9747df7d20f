# Look-alike: log groups encrypted with a customer key, and one whose key is chosen per workspace.
variable "logs_key_arn" {
  description = "Set per workspace"
  type        = string
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "logs_key" {
  statement {
    sid       = "Account"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description         = "Log groups"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.logs_key.json
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/shop-api"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "jobs" {
  for_each          = toset(["import", "export"])
  name              = "/shop/jobs/${each.key}"
  retention_in_days = 14
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/shop/audit"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/2f4b7c1e-9d3a-4e5f-8a6b-0c1d2e3f4a5b"
}

resource "aws_cloudwatch_log_group" "workspace" {
  name              = "/shop/workspace"
  retention_in_days = 30
  kms_key_id        = var.logs_key_arn
}
