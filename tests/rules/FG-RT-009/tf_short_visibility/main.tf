# Queues whose messages reappear while the function still works on them:
# below six times the timeout, the 30 s default for a 10 s function, and
# shorter than the timeout itself.
resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = "python3.12"
  handler       = "billing.handler"
  filename      = "dist/billing.zip"
  timeout       = 60
}

resource "aws_sqs_queue" "invoices" {
  name                       = "invoices"
  visibility_timeout_seconds = 120 # expect: FG-RT-009 aws_sqs_queue.invoices
}

resource "aws_lambda_event_source_mapping" "invoices" {
  event_source_arn = aws_sqs_queue.invoices.arn
  function_name    = aws_lambda_function.billing.arn
  batch_size       = 10
}

resource "aws_lambda_function" "mailer" {
  function_name = "mailer"
  role          = "arn:aws:iam::123456789012:role/billing"
  runtime       = "python3.12"
  handler       = "mailer.handler"
  filename      = "dist/mailer.zip"
  timeout       = 10
}

resource "aws_sqs_queue" "emails" { # expect: FG-RT-009 aws_sqs_queue.emails
  name = "emails"
}

resource "aws_lambda_event_source_mapping" "emails" {
  event_source_arn = aws_sqs_queue.emails.arn
  function_name    = aws_lambda_function.mailer.function_name
}

resource "aws_sqs_queue" "refunds" {
  name                       = "refunds"
  visibility_timeout_seconds = 30 # expect: FG-RT-009 aws_sqs_queue.refunds
}

resource "aws_lambda_event_source_mapping" "refunds" {
  event_source_arn = aws_sqs_queue.refunds.arn
  function_name    = aws_lambda_function.billing.arn
}
