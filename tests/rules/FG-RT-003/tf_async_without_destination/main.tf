# Functions invoked asynchronously (S3 notifications, an SNS subscription,
# an EventBridge schedule) with nowhere for failed events to go.
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "media" {
  name               = "media"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "thumbnail" { # expect: FG-RT-003 aws_lambda_function.thumbnail
  function_name = "thumbnail"
  role          = aws_iam_role.media.arn
  runtime       = "python3.12"
  handler       = "thumbnail.handler"
  filename      = "dist/thumbnail.zip"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-media-uploads"
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.thumbnail.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = "123456789012"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnail.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "incoming/"
  }

  depends_on = [aws_lambda_permission.s3]
}

resource "aws_lambda_function" "notify" { # expect: FG-RT-003 aws_lambda_function.notify
  function_name = "notify"
  role          = aws_iam_role.media.arn
  runtime       = "python3.12"
  handler       = "notify.handler"
  filename      = "dist/notify.zip"
}

resource "aws_sns_topic" "processed" {
  name = "media-processed"
}

resource "aws_sns_topic_subscription" "notify" {
  topic_arn = aws_sns_topic.processed.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.notify.arn
}

resource "aws_lambda_function" "cleanup" { # expect: FG-RT-003 aws_lambda_function.cleanup
  function_name = "cleanup"
  role          = aws_iam_role.media.arn
  runtime       = "python3.12"
  handler       = "cleanup.handler"
  filename      = "dist/cleanup.zip"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "media-cleanup"
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_cloudwatch_event_target" "cleanup" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.cleanup.arn
}

# success only: failures are still dropped
resource "aws_lambda_function_event_invoke_config" "cleanup" {
  function_name                = aws_lambda_function.cleanup.function_name
  maximum_retry_attempts       = 1
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_success {
      destination = aws_sns_topic.processed.arn
    }
  }
}
