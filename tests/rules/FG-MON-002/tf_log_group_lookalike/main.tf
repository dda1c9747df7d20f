# Look-alike: every function's log group is declared - named from the
# function's attribute, from the same local, per for_each instance, or
# chosen with logging_config.
locals {
  name     = "billing"
  role_arn = "arn:aws:iam::123456789012:role/lambda-billing"
  workers  = toset(["resize", "thumbnail"])
}

resource "aws_lambda_function" "api" {
  function_name = "${local.name}-api"
  role          = local.role_arn
  runtime       = "nodejs20.x"
  handler       = "api.handler"
  filename      = "dist/api.zip"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${aws_lambda_function.api.function_name}"
  retention_in_days = 30
}

resource "aws_lambda_function" "report" {
  function_name = "${local.name}-report"
  role          = local.role_arn
  runtime       = "nodejs20.x"
  handler       = "report.handler"
  filename      = "dist/report.zip"
}

resource "aws_cloudwatch_log_group" "report" {
  name              = "/aws/lambda/${local.name}-report"
  retention_in_days = 90
}

resource "aws_lambda_function" "worker" {
  for_each      = local.workers
  function_name = "${local.name}-${each.key}"
  role          = local.role_arn
  runtime       = "nodejs20.x"
  handler       = "${each.key}.handler"
  filename      = "dist/${each.key}.zip"
}

resource "aws_cloudwatch_log_group" "worker" {
  for_each          = aws_lambda_function.worker
  name              = "/aws/lambda/${each.value.function_name}"
  retention_in_days = 7
}

resource "aws_cloudwatch_log_group" "shared" {
  name              = "/billing/functions"
  retention_in_days = 30
}

resource "aws_lambda_function" "ledger" {
  function_name = "${local.name}-ledger"
  role          = local.role_arn
  runtime       = "nodejs20.x"
  handler       = "ledger.handler"
  filename      = "dist/ledger.zip"

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}
