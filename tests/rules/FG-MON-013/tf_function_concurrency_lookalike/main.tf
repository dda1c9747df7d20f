# Look-alike: ConcurrentExecutions of one function counts, and a stack
# without any alarm is not checked.
resource "aws_lambda_function" "fn" {
  for_each      = toset(["resize", "transcode"])
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/media"
  runtime       = "nodejs20.x"
  handler       = "${each.key}.handler"
  filename      = "dist/${each.key}.zip"
}

resource "aws_cloudwatch_metric_alarm" "transcode_concurrency" {
  alarm_name          = "transcode-concurrency"
  namespace           = "AWS/Lambda"
  metric_name         = "ConcurrentExecutions"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    FunctionName = aws_lambda_function.fn["transcode"].function_name
  }
}
