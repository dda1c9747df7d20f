# Look-alike: escalation-looking permissions that are no path - iam:PassRole
# scoped to the worker role and to Lambda, code updates and role assumption
# on named resources, read-only IAM actions, iam:PutRolePolicy cancelled by
# an unconditional Deny, Action "*" on one bucket, policy writes on another
# named role, an iam:* pipeline role no function runs as - plus a role
# capped by a permissions boundary and a resource from a variable with no
# default (both not assessed, neither a finding).
variable "managed_role_arn" {
  type = string
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.name
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "jobs-worker"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role" "launcher" {
  name               = "jobs-launcher"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

data "aws_iam_policy_document" "launcher" {
  statement {
    actions   = ["lambda:CreateFunction", "lambda:InvokeFunction"]
    resources = ["arn:aws:lambda:${local.region}:${local.account}:function:job-*"]
  }

  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.worker.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }

  statement {
    actions   = ["lambda:UpdateFunctionCode"]
    resources = ["arn:aws:lambda:${local.region}:${local.account}:function:job-runner"]
  }

  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["arn:aws:iam::${local.account}:role/reporting-reader"]
  }

  statement {
    actions = [
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
    ]
    resources = ["arn:aws:iam::${local.account}:role/reporting-reader"]
  }
}

resource "aws_iam_role_policy" "launcher" {
  name   = "launcher"
  role   = aws_iam_role.launcher.id
  policy = data.aws_iam_policy_document.launcher.json
}

resource "aws_lambda_function" "launcher" {
  function_name = "jobs-launcher"
  role          = aws_iam_role.launcher.arn
  runtime       = "python3.12"
  handler       = "launcher.handler"
  filename      = "dist/launcher.zip"
}

resource "aws_s3_bucket" "data" {
  bucket = "jobs-data"
}

resource "aws_iam_role" "audit" {
  name               = "jobs-audit"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json

  inline_policy {
    name = "audit"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect = "Allow"
          Action = [
            "iam:GetRole",
            "iam:GetRolePolicy",
            "iam:ListRolePolicies",
            "iam:ListAttachedRolePolicies",
            "iam:SimulatePrincipalPolicy",
          ]
          Resource = "*"
        },
        { Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "*" },
        { Effect = "Deny", Action = "iam:*", Resource = "*" },
        { Effect = "Allow", Action = "*", Resource = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"] },
      ]
    })
  }
}

resource "aws_lambda_function" "audit" {
  function_name = "jobs-audit"
  role          = aws_iam_role.audit.arn
  runtime       = "python3.12"
  handler       = "audit.handler"
  filename      = "dist/audit.zip"
}
