# Look-alike: every source feeding a function is encrypted (SSE-SQS by default, KMS keys,
# AWS-managed keys); an unencrypted topic feeds no function; a key chosen per workspace.
variable "queue_key_arn" {
  description = "Set per workspace"
  type        = string
}

resource "aws_kms_key" "messages" {
  description         = "Messages"
  enable_key_rotation = true
}

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  role          = "arn:aws:iam::123456789012:role/orders-worker"
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "build/worker.zip"
}

resource "aws_sqs_queue" "orders" {
  for_each = toset(["created", "cancelled"])
  name     = "orders-${each.key}"
}

resource "aws_lambda_event_source_mapping" "orders" {
  for_each         = aws_sqs_queue.orders
  function_name    = aws_lambda_function.worker.arn
  event_source_arn = each.value.arn
}

resource "aws_sqs_queue" "refunds" {
  name                              = "refunds"
  kms_master_key_id                 = aws_kms_key.messages.arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_lambda_event_source_mapping" "refunds" {
  function_name    = aws_lambda_function.worker.arn
  event_source_arn = aws_sqs_queue.refunds.arn
}

resource "aws_sqs_queue" "workspace" {
  name              = "workspace"
  kms_master_key_id = var.queue_key_arn
}

resource "aws_lambda_event_source_mapping" "workspace" {
  function_name    = aws_lambda_function.worker.arn
  event_source_arn = aws_sqs_queue.workspace.arn
}

resource "aws_sns_topic" "events" {
  name              = "orders-events"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "events" {
  topic_arn = aws_sns_topic.events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.worker.arn
}

resource "aws_sns_topic" "ops" {
  name = "orders-ops"
}

resource "aws_sns_topic_subscription" "ops" {
  topic_arn = aws_sns_topic.ops.arn
  protocol  = "email"
  endpoint  = "ops@example.org"
}

resource "aws_kinesis_stream" "audit" {
  name            = "orders-audit"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}

resource "aws_lambda_event_source_mapping" "audit" {
  function_name     = aws_lambda_function.worker.arn
  event_source_arn  = aws_kinesis_stream.audit.arn
  starting_position = "TRIM_HORIZON"
}

resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_lambda_event_source_mapping" "table" {
  function_name     = aws_lambda_function.worker.arn
  event_source_arn  = aws_dynamodb_table.orders.stream_arn
  starting_position = "LATEST"
}
