# today: 2026-12-04
# Legacy billing functions on runtimes AWS no longer patches.
variable "billing_runtime" {
  type    = string
  default = "python3.8"
}

locals {
  jobs = {
    invoices  = "nodejs16.x"
    reminders = "nodejs24.x"
  }
}

resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = var.billing_runtime # expect: FG-DEP-001 aws_lambda_function.billing
  handler       = "billing.handler"
  filename      = "build/billing.zip"
}

resource "aws_lambda_function" "job" {
  for_each      = local.jobs
  function_name = "billing-${each.key}"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = each.value # expect: FG-DEP-001 aws_lambda_function.job["invoices"]
  handler       = "index.handler"
  filename      = "build/${each.key}.zip"
}

resource "aws_lambda_function" "ledger" {
  function_name = "billing-ledger"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = "go1.x" # expect: FG-DEP-001 aws_lambda_function.ledger
  handler       = "bootstrap"
  s3_bucket     = "billing-artifacts"
  s3_key        = "ledger/1.8.0.zip"
}
