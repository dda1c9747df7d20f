# Look-alike: every permission is narrowed - "*" with source_account or
# principal_org_id, services with the exact source ARN (and source_account
# for S3), the own account, a partner inside the organization, an Alexa
# skill with its token; the public function URL is FG-AC-006's finding; the
# layer is shared with one account and with the organization; the partner
# organization of the last layer permission comes from a variable with no
# default (not assessed).
variable "org_id" {
  type    = string
  default = "o-a1b2c3d4e5"
}

variable "partner_org_id" {
  type = string
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_iam_role" "notifier" {
  name = "order-notifier"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_lambda_function" "notifier" {
  function_name = "order-notifier"
  role          = aws_iam_role.notifier.arn
  runtime       = "nodejs20.x"
  handler       = "notify.handler"
  filename      = "dist/notify.zip"
}

resource "aws_s3_bucket" "receipts" {
  bucket = "acme-receipts"
}

resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly-notify"
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.notifier.arn
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_lambda_function_url" "notifier" {
  function_name      = aws_lambda_function.notifier.function_name
  authorization_type = "NONE"
}
