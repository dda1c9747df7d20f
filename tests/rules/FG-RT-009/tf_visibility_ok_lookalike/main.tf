# Look-alike: visibility at six times the timeout (through a local), the
# defaults (30 s visibility, 3 s timeout), a queue of another configuration
# and a visibility from a variable with no default (both unknown).
variable "audit_visibility" {
  type = number
}

locals {
  billing_timeout = 60
}

resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = "python3.12"
  handler       = "billing.handler"
  filename      = "dist/billing.zip"
  timeout       = local.billing_timeout
}

resource "aws_sqs_queue" "invoices_dlq" {
  name = "invoices-dlq"
}

resource "aws_sqs_queue" "invoices" {
  name                       = "invoices"
  visibility_timeout_seconds = 6 * local.billing_timeout
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.invoices_dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_lambda_event_source_mapping" "invoices" {
  event_source_arn = aws_sqs_queue.invoices.arn
  function_name    = aws_lambda_function.billing.arn
}

resource "aws_lambda_function" "ping" {
  function_name = "ping"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = "python3.12"
  handler       = "ping.handler"
  filename      = "dist/ping.zip"
}

resource "aws_sqs_queue" "pings" {
  name = "pings"
}

resource "aws_lambda_event_source_mapping" "pings" {
  event_source_arn = aws_sqs_queue.pings.arn
  function_name    = aws_lambda_function.ping.arn
}

resource "aws_lambda_event_source_mapping" "shared" {
  event_source_arn = "arn:aws:sqs:eu-west-1:123456789012:shared-events"
  function_name    = aws_lambda_function.billing.arn
}

resource "aws_sqs_queue" "audit" {
  name                       = "audit"
  visibility_timeout_seconds = var.audit_visibility
}

resource "aws_lambda_event_source_mapping" "audit" {
  event_source_arn = aws_sqs_queue.audit.arn
  function_name    = aws_lambda_function.billing.arn
}
