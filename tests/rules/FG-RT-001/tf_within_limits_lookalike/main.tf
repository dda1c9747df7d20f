# Look-alike: the API's function stops before API Gateway gives up; a queue
# consumer may run longer (nobody waits for it); the default timeout is 3 s;
# a timeout from a variable with no default is unknown.
variable "worker_timeout" {
  type = number
}

locals {
  role_arn = "arn:aws:iam::123456789012:role/orders"
}

resource "aws_lambda_function" "search" {
  function_name = "orders-search"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "search.handler"
  filename      = "dist/search.zip"
  timeout       = 25
}

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  protocol_type = "HTTP"
  target        = aws_lambda_function.search.arn
}

resource "aws_lambda_function" "ingest" {
  function_name = "orders-ingest"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "dist/ingest.zip"
  timeout       = 300
}

resource "aws_sqs_queue" "ingest" {
  name                       = "orders-ingest"
  visibility_timeout_seconds = 1800
}

resource "aws_lambda_event_source_mapping" "ingest" {
  event_source_arn = aws_sqs_queue.ingest.arn
  function_name    = aws_lambda_function.ingest.arn
  batch_size       = 10
}

resource "aws_lambda_function" "ping" {
  function_name = "orders-ping"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "ping.handler"
  filename      = "dist/ping.zip"
}

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "dist/worker.zip"
  timeout       = var.worker_timeout
}
