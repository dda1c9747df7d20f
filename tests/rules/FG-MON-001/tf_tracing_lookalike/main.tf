# Look-alike: tracing Active (literally, from a variable default, from a
# conditional that resolves to Active), and a mode from a variable with no
# default, which is unknown.
variable "tracing_mode" {
  type    = string
  default = "Active"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "export_tracing" {
  type = string
}

locals {
  role_arn = "arn:aws:iam::123456789012:role/lambda-shared"
  functions = {
    payments = "payments.handler"
    ledger   = "ledger.handler"
  }
}

resource "aws_lambda_function" "api" {
  for_each      = local.functions
  function_name = "billing-${each.key}"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = each.value
  filename      = "dist/${each.key}.zip"

  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "dist/report.zip"

  tracing_config {
    mode = var.tracing_mode
  }
}

resource "aws_lambda_function" "audit" {
  function_name = "audit"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "audit.handler"
  filename      = "dist/audit.zip"

  tracing_config {
    mode = var.environment == "prod" ? "Active" : "PassThrough"
  }
}

resource "aws_lambda_function" "export" {
  function_name = "export"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "export.handler"
  filename      = "dist/export.zip"

  tracing_config {
    mode = var.export_tracing
  }
}
