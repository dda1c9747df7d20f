# Look-alike: trust policies that admit only Lambda - Lambda and
# Lambda@Edge in one list, the service name built from the partition's DNS
# suffix, the deploying account's own root, a Deny guard rail on Principal
# "*", an EC2 instance role no function runs as - and a tooling account from
# a variable with no default (not assessed, not a finding).
variable "tooling_account_id" {
  type        = string
  description = "Account whose deployer may assume the replay role"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_iam_policy_document" "edge_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
  }

  statement {
    effect  = "Deny"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalServiceName"
      values   = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "edge" {
  name               = "headers-edge"
  assume_role_policy = data.aws_iam_policy_document.edge_trust.json
}

resource "aws_lambda_function" "headers" {
  function_name = "headers"
  role          = aws_iam_role.edge.arn
  runtime       = "nodejs20.x"
  handler       = "headers.handler"
  filename      = "dist/headers.zip"
  publish       = true
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.${data.aws_partition.current.dns_suffix}" }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

resource "aws_lambda_function" "ops" {
  function_name = "ops"
  role          = aws_iam_role.ops.arn
  runtime       = "python3.12"
  handler       = "ops.handler"
  filename      = "dist/ops.zip"
}

resource "aws_iam_role" "replay" {
  name = "replay"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.tooling_account_id}:root" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

resource "aws_lambda_function" "replay" {
  function_name = "replay"
  role          = aws_iam_role.replay.arn
  runtime       = "python3.12"
  handler       = "replay.handler"
  filename      = "dist/replay.zip"
}

resource "aws_iam_role" "bastion" {
  name = "bastion"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
