# Look-alike: failed events go to an on-failure destination or a DLQ; a
# queue consumer (polled, not asynchronous) needs neither; a destination
# from a variable with no default is unknown.
variable "failure_topic_arn" {
  type = string
}

locals {
  role_arn = "arn:aws:iam::123456789012:role/media"
}

resource "aws_sqs_queue" "failed" {
  name = "media-failed"
}

resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "thumbnail.handler"
  filename      = "dist/thumbnail.zip"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-media-uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnail.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

resource "aws_lambda_function_event_invoke_config" "thumbnail" {
  function_name          = aws_lambda_function.thumbnail.function_name
  maximum_retry_attempts = 2

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed.arn
    }
  }
}

resource "aws_lambda_function" "notify" {
  function_name = "notify"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "notify.handler"
  filename      = "dist/notify.zip"

  dead_letter_config {
    target_arn = aws_sqs_queue.failed.arn
  }
}

resource "aws_sns_topic" "processed" {
  name = "media-processed"
}

resource "aws_sns_topic_subscription" "notify" {
  topic_arn = aws_sns_topic.processed.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.notify.arn
}

resource "aws_lambda_function" "transcode" {
  function_name = "transcode"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "transcode.handler"
  filename      = "dist/transcode.zip"
}

resource "aws_sqs_queue" "jobs" {
  name                       = "media-jobs"
  visibility_timeout_seconds = 60
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.failed.arn
    maxReceiveCount     = 5
  })
}

resource "aws_lambda_event_source_mapping" "transcode" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.transcode.arn
}

resource "aws_lambda_function" "cleanup" {
  function_name = "cleanup"
  role          = local.role_arn
  runtime       = "python3.12"
  handler       = "cleanup.handler"
  filename      = "dist/cleanup.zip"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "media-cleanup"
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "cleanup" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.cleanup.arn
}

resource "aws_lambda_function_event_invoke_config" "cleanup" {
  function_name = aws_lambda_function.cleanup.function_name
  destination_config {
    on_failure {
      destination = var.failure_topic_arn
    }
  }
}
