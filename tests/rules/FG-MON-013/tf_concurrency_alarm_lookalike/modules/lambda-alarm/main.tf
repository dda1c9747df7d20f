variable "name" {
  type = string
}

variable "metric" {
  type = string
}

variable "threshold" {
  type = number
}

variable "function_name" {
  type    = string
  default = null
}

resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name          = var.name
  namespace           = "AWS/Lambda"
  metric_name         = var.metric
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions          = var.function_name == null ? {} : { FunctionName = var.function_name }
}
