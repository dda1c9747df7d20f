# Look-alike: every function's Errors and Throttles are watched - per
# function with for_each, through metric math, or by an account-wide alarm
# (no dimensions) - and an alarm whose function name comes from a variable
# with no default is unknown, never a finding.
variable "legacy_function_name" {
  type = string
}

locals {
  functions = toset(["checkout", "emails"])
  metrics   = toset(["Errors", "Throttles"])
  alarms = flatten([
    for fn in local.functions : [
      for metric in local.metrics : { fn = fn, metric = metric }
    ]
  ])
}

resource "aws_lambda_function" "fn" {
  for_each      = local.functions
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/${each.key}"
  runtime       = "java21"
  handler       = "shop.App::handleRequest"
  filename      = "build/${each.key}.jar"
}

resource "aws_cloudwatch_metric_alarm" "fn" {
  for_each            = { for a in local.alarms : "${a.fn}-${lower(a.metric)}" => a }
  alarm_name          = each.key
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    FunctionName = aws_lambda_function.fn[each.value.fn].function_name
  }
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = "arn:aws:iam::123456789012:role/reports"
  runtime       = "java21"
  handler       = "shop.Reports::handleRequest"
  filename      = "build/reports.jar"
}

resource "aws_cloudwatch_metric_alarm" "reports_failures" {
  alarm_name          = "reports-failures"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = 0

  metric_query {
    id          = "failures"
    expression  = "errors + throttles"
    label       = "Errors and throttles"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      period      = 60
      stat        = "Sum"
      dimensions = {
        FunctionName = aws_lambda_function.reports.function_name
      }
    }
  }

  metric_query {
    id = "throttles"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Throttles"
      period      = 60
      stat        = "Sum"
      dimensions = {
        FunctionName = aws_lambda_function.reports.function_name
      }
    }
  }
}

resource "aws_lambda_function" "legacy" {
  function_name = var.legacy_function_name
  role          = "arn:aws:iam::123456789012:role/legacy"
  runtime       = "java21"
  handler       = "shop.Legacy::handleRequest"
  filename      = "build/legacy.jar"
}

resource "aws_cloudwatch_metric_alarm" "legacy" {
  for_each            = local.metrics
  alarm_name          = "legacy-${each.key}"
  namespace           = "AWS/Lambda"
  metric_name         = each.key
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    FunctionName = var.legacy_function_name
  }
}
