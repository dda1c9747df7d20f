# Look-alike: ordinary names, hashes and random suffixes, secret-sounding tag keys,
# and names chosen per workspace.
variable "stage" {
  description = "Set per workspace"
  type        = string
}

resource "random_id" "suffix" {
  byte_length = 6
}

resource "aws_iam_role" "ingest" {
  name_prefix = "ingest-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role" "legacy" {
  name               = "MyAppRole-1A2B3C4D5E6F7"
  assume_role_policy = aws_iam_role.ingest.assume_role_policy
}

resource "aws_lambda_function" "ingest" {
  function_name = "ingest-7f3a9c2e1b4d"
  role          = aws_iam_role.ingest.arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "build/ingest.zip"

  tags = {
    "api-key-owner"   = "data-platform"
    "secret-rotation" = "30"
    token             = "ghp_EXAMPLExxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  }
}

resource "aws_lambda_function" "stage" {
  function_name = "ingest-${var.stage}-${random_id.suffix.hex}"
  role          = aws_iam_role.ingest.arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "build/ingest.zip"
}

resource "aws_cloudwatch_log_group" "ingest" {
  name              = "/acme/svc-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
  retention_in_days = 30
}

resource "aws_s3_bucket" "uploads" {
  bucket = "ingest-uploads-${random_id.suffix.hex}"
}

resource "aws_apigatewayv2_api" "hooks" {
  name          = "hooks"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.hooks.id
  name        = "$default"
  auto_deploy = true
}
