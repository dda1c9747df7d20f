# Look-alike: account-wide alarms (no dimensions) on Errors and Throttles
# cover every function of the region.
resource "aws_lambda_function" "worker" {
  count         = 3
  function_name = "worker-${count.index}"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "go1.x"
  handler       = "bootstrap"
  filename      = "build/worker.zip"
}

resource "aws_cloudwatch_metric_alarm" "account" {
  for_each            = toset(["Errors", "Throttles"])
  alarm_name          = "lambda-account-${lower(each.key)}"
  namespace           = "AWS/Lambda"
  metric_name         = each.key
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
