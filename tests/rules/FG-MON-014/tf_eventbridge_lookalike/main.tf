# Look-alike: an enabled EventBridge rule on security-group API calls with
# an SNS target, its pattern written as heredoc JSON.
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "acme-trail-logs"
  is_multi_region_trail = true
}

resource "aws_sns_topic" "security" {
  name = "security-alerts"
}

resource "aws_cloudwatch_event_rule" "sg_changes" {
  name        = "security-group-changes"
  description = "Security group opened, closed, created or deleted"
  is_enabled  = true

  event_pattern = <<-EOT
    {
      "source": ["aws.ec2"],
      "detail-type": ["AWS API Call via CloudTrail"],
      "detail": {
        "eventSource": ["ec2.amazonaws.com"],
        "eventName": [
          "AuthorizeSecurityGroupIngress",
          "AuthorizeSecurityGroupEgress",
          "RevokeSecurityGroupIngress",
          "RevokeSecurityGroupEgress",
          "CreateSecurityGroup",
          "DeleteSecurityGroup"
        ]
      }
    }
  EOT
}

resource "aws_cloudwatch_event_target" "sg_changes" {
  rule      = aws_cloudwatch_event_rule.sg_changes.name
  target_id = "notify-security"
  arn       = aws_sns_topic.security.arn
}
