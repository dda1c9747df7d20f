resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

resource "aws_cloudwatch_metric_alarm" "checkout_errors" {
  alarm_name          = "checkout-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
  dimensions = {
    FunctionName = aws_lambda_function.checkout.function_name
  }
}

# still named after the function's first version
resource "aws_cloudwatch_metric_alarm" "emails" {
  for_each            = toset(["Errors", "Throttles"])
  alarm_name          = "emails-${lower(each.key)}"
  namespace           = "AWS/Lambda"
  metric_name         = each.key
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
  dimensions = {
    FunctionName = "emails"
  }
}
