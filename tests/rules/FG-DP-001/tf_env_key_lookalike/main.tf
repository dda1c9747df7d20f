# Look-alike: customer-managed keys, no variables to encrypt, or a key only known at plan time.
variable "platform_env_key_arn" {
  description = "ARN of the platform team's environment key (no default: set per workspace)"
  type        = string
}

resource "aws_kms_key" "env" {
  description         = "Lambda environment variables"
  enable_key_rotation = true
}

resource "aws_kms_alias" "env" {
  name          = "alias/orders-env"
  target_key_id = aws_kms_key.env.key_id
}

resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "nodejs20.x"
  handler       = "api.handler"
  filename      = "build/api.zip"
  kms_key_arn   = aws_kms_key.env.arn

  environment {
    variables = {
      TABLE_NAME = "orders"
    }
  }
}

resource "aws_lambda_function" "report" {
  function_name = "orders-report"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "nodejs20.x"
  handler       = "report.handler"
  filename      = "build/report.zip"
  kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:alias/orders-env"

  environment {
    variables = { REPORT_BUCKET = "reports-prod" }
  }
}

resource "aws_lambda_function" "health" {
  function_name = "orders-health"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "nodejs20.x"
  handler       = "health.handler"
  filename      = "build/health.zip"
}

resource "aws_lambda_function" "empty_env" {
  function_name = "orders-noop"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "nodejs20.x"
  handler       = "noop.handler"
  filename      = "build/noop.zip"

  environment {
    variables = {}
  }
}

resource "aws_lambda_function" "platform" {
  function_name = "orders-platform"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "nodejs20.x"
  handler       = "platform.handler"
  filename      = "build/platform.zip"
  kms_key_arn   = var.platform_env_key_arn

  environment {
    variables = { STAGE = "prod" }
  }
}
