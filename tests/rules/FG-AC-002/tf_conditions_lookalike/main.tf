# Look-alike: "*" only where a condition limits the resources (tags, resource
# account, kms:ViaService), on actions AWS accepts only on "*" (X-Ray,
# metrics, ENIs of a VPC function), in Deny guard rails and a NotAction
# statement; scoped ARNs elsewhere; a bucket ARN from a variable with no
# default is unknown, not a finding.
variable "archive_bucket_arn" {
  type = string
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_iam_role" "janitor" {
  name = "janitor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

data "aws_iam_policy_document" "janitor" {
  statement {
    sid       = "OnlyTeamInstances"
    actions   = ["ec2:StopInstances", "ec2:StartInstances"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/team"
      values   = ["platform"]
    }
  }

  statement {
    sid       = "OnlyOwnAccountObjects"
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid       = "DecryptThroughSsm"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${data.aws_region.current.name}.amazonaws.com"]
    }
  }

  statement {
    sid       = "StarOnly"
    actions   = ["xray:PutTraceSegments", "cloudwatch:PutMetricData", "ec2:DescribeInstances", "sts:GetCallerIdentity"]
    resources = ["*"]
  }

  statement {
    sid       = "VpcNetworking"
    actions   = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"]
    resources = ["*"]
  }

  statement {
    sid       = "NoDeletes"
    effect    = "Deny"
    actions   = ["s3:DeleteObject", "dynamodb:DeleteTable", "ec2:TerminateInstances"]
    resources = ["*"]
  }

  statement {
    sid    = "NothingElse"
    effect = "Deny"
    not_actions = [
      "ec2:*", "s3:GetObject", "s3:PutObject", "kms:Decrypt", "dynamodb:GetItem", "dynamodb:Query",
      "xray:*", "cloudwatch:PutMetricData", "sts:GetCallerIdentity",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "janitor" {
  name   = "janitor"
  role   = aws_iam_role.janitor.name
  policy = data.aws_iam_policy_document.janitor.json
}

resource "aws_iam_role_policy" "archive" {
  name = "archive"
  role = aws_iam_role.janitor.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["arn:aws:s3:::janitor-reports/*", "${var.archive_bucket_arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Query"]
        Resource = "arn:aws:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table/janitor"
      },
    ]
  })
}

resource "aws_lambda_function" "janitor" {
  function_name = "janitor"
  role          = aws_iam_role.janitor.arn
  runtime       = "python3.12"
  handler       = "janitor.handler"
  filename      = "dist/janitor.zip"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
