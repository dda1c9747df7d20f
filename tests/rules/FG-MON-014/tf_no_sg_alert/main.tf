# A trail with near-miss alerts: an EventBridge rule on security-group
# changes with no target, a disabled one that notifies, and a metric filter
# on console logins (not security groups) with an alarm.
resource "aws_cloudwatch_log_group" "trail" {
  name              = "/cloudtrail/main"
  retention_in_days = 365
}

resource "aws_cloudtrail" "main" { # expect: FG-MON-014 aws_cloudtrail.main
  name                       = "main"
  s3_bucket_name             = "acme-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/cloudtrail-to-logs"
}

resource "aws_sns_topic" "security" {
  name = "security-alerts"
}

locals {
  sg_change_pattern = {
    source      = ["aws.ec2"]
    detail-type = ["AWS API Call via CloudTrail"]
    detail = {
      eventSource = ["ec2.amazonaws.com"]
      eventName = [
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
      ]
    }
  }
}

# nobody is told: no target
resource "aws_cloudwatch_event_rule" "sg_changes" {
  name          = "security-group-changes"
  event_pattern = jsonencode(local.sg_change_pattern)
}

resource "aws_cloudwatch_event_rule" "sg_changes_paused" {
  name          = "security-group-changes-paused"
  event_pattern = jsonencode(local.sg_change_pattern)
  state         = "DISABLED"
}

resource "aws_cloudwatch_event_target" "sg_changes_paused" {
  rule = aws_cloudwatch_event_rule.sg_changes_paused.name
  arn  = aws_sns_topic.security.arn
}

resource "aws_cloudwatch_log_metric_filter" "console_login" {
  name           = "console-login-failures"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"

  metric_transformation {
    name      = "ConsoleLoginFailures"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "console_login" {
  alarm_name          = "console-login-failures"
  namespace           = "CISBenchmark"
  metric_name         = "ConsoleLoginFailures"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 3
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security.arn]
}
