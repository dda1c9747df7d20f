# Look-alike: NotAction/NotResource only in Deny guard rails, in a
# permissions boundary (a ceiling, not a grant) and in a KMS key policy (a
# resource policy); a broad "Allow NotAction" statement of a shared base
# document is replaced by the document's own scoped statement with the same
# sid; a statement with NotResource "*" allows nothing; the effect of
# the last statement comes from a variable with no default (not assessed).
variable "lockdown_effect" {
  type        = string
  description = "Allow or Deny"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "data" {
  description             = "payments data"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdmin"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      NotAction = "kms:ScheduleKeyDeletion"
      Resource  = "*"
    }]
  })
}

resource "aws_iam_policy" "boundary" {
  name = "function-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotAction = ["iam:*", "organizations:*"], Resource = "*" }]
  })
}

resource "aws_iam_role" "payments" {
  name                 = "payments"
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

data "aws_iam_policy_document" "base" {
  statement {
    sid         = "Work"
    not_actions = ["iam:*"]
    resources   = ["*"]
  }
}

data "aws_iam_policy_document" "payments" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    sid       = "Work"
    actions   = ["kms:Decrypt", "s3:GetObject", "s3:PutObject"]
    resources = [aws_kms_key.data.arn, "arn:aws:s3:::payments-data/*"]
  }

  statement {
    sid         = "DenyOutsideHomeRegion"
    effect      = "Deny"
    not_actions = ["iam:*", "sts:*", "cloudfront:*", "route53:*"]
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-central-1"]
    }
  }

  statement {
    sid           = "WritesOnlyToPaymentsBucket"
    effect        = "Deny"
    actions       = ["s3:PutObject"]
    not_resources = ["arn:aws:s3:::payments-data/*"]
  }

  statement {
    sid           = "LeftoverNoOp"
    not_actions   = ["s3:DeleteBucket"]
    not_resources = ["*"]
  }

  statement {
    sid         = "Lockdown"
    effect      = var.lockdown_effect
    not_actions = ["kms:Decrypt"]
    resources   = ["*"]
  }
}

resource "aws_iam_role_policy" "payments" {
  name   = "payments"
  role   = aws_iam_role.payments.id
  policy = data.aws_iam_policy_document.payments.json
}

resource "aws_lambda_function" "payments" {
  function_name = "payments"
  role          = aws_iam_role.payments.arn
  runtime       = "java21"
  handler       = "com.example.Payments::handle"
  s3_bucket     = "artifacts-payments"
  s3_key        = "payments.jar"
}
