# Alarms on errors and duration, none on concurrency; the finding goes on
# the first function.
resource "aws_lambda_function" "resize" { # expect: FG-MON-013 aws_lambda_function.resize
  function_name = "resize"
  role          = "arn:aws:iam::123456789012:role/media"
  runtime       = "nodejs20.x"
  handler       = "resize.handler"
  filename      = "dist/resize.zip"
}

resource "aws_lambda_function" "transcode" {
  function_name = "transcode"
  role          = "arn:aws:iam::123456789012:role/media"
  runtime       = "nodejs20.x"
  handler       = "transcode.handler"
  filename      = "dist/transcode.zip"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = { resize = aws_lambda_function.resize, transcode = aws_lambda_function.transcode }
  alarm_name          = "${each.key}-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    FunctionName = each.value.function_name
  }
}

# ConcurrentExecutions of SQS, not Lambda
resource "aws_cloudwatch_metric_alarm" "backlog" {
  alarm_name          = "media-backlog"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 1000
  comparison_operator = "GreaterThanThreshold"
}
