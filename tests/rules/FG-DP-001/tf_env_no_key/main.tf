# Billing workers: environment variables left on the AWS-managed aws/lambda key.
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

variable "env_key_arn" {
  description = "Customer key for environment variables; empty falls back to aws/lambda"
  type        = string
  default     = ""
}

locals {
  common_env = {
    STAGE     = "prod"
    LOG_LEVEL = "INFO"
  }
}

resource "aws_iam_role" "worker" {
  name = "billing-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "invoice" {
  function_name = "invoice-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  s3_bucket     = "artifacts-${data.aws_caller_identity.current.account_id}"
  s3_key        = "billing/worker.zip"

  environment { # expect: FG-DP-001 aws_lambda_function.invoice
    variables = merge(local.common_env, { TABLE_NAME = "invoices" })
  }
}

resource "aws_lambda_function" "receipt" {
  function_name = "receipt-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "nodejs20.x"
  handler       = "index.receipts"
  filename      = "build/worker.zip"
  kms_key_arn   = "arn:aws:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alias/aws/lambda" # expect: FG-DP-001 aws_lambda_function.receipt

  environment {
    variables = local.common_env
  }
}

resource "aws_lambda_function" "export" {
  count         = 2
  function_name = "export-${count.index}"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "export.handler"
  filename      = "build/export.zip"
  kms_key_arn   = var.env_key_arn # expect: FG-DP-001 aws_lambda_function.export[0]  # expect: FG-DP-001 aws_lambda_function.export[1]

  environment {
    variables = {
      SHARD = tostring(count.index)
    }
  }
}
