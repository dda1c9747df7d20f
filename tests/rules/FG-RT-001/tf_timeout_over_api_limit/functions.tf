# Timeouts longer than the API in front waits (REST 29 s, HTTP 30 s), and
# one at the 900 s maximum.
variable "report_timeout" {
  type    = number
  default = 900
}

resource "aws_iam_role" "api" {
  name               = "orders-api"
  assume_role_policy = file("${path.module}/policies/lambda-trust.json")
}

resource "aws_lambda_function" "search" {
  function_name = "orders-search"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "search.handler"
  filename      = "dist/search.zip"
  timeout       = 60 # expect: FG-RT-001 aws_lambda_function.search
  memory_size   = 512
}

resource "aws_lambda_function" "export" {
  function_name = "orders-export"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "export.handler"
  filename      = "dist/export.zip"
  timeout       = 45 # expect: FG-RT-001 aws_lambda_function.export
}

resource "aws_lambda_function" "report" {
  function_name = "orders-report"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "dist/report.zip"
  timeout       = var.report_timeout # expect: FG-RT-001 aws_lambda_function.report
}
