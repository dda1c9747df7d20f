# Public REST API stages without a web ACL: the WAF covers prod only, and
# the edge-optimised partner API has none.
resource "aws_wafv2_web_acl" "api" {
  name  = "orders-api"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "aws-common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "orders-api"
    sampled_requests_enabled   = true
  }
}

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
}

resource "aws_api_gateway_stage" "orders" { # expect: FG-RT-004 aws_api_gateway_stage.orders["dev"]
  for_each      = toset(["prod", "dev"])
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = each.key
}

resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = aws_api_gateway_stage.orders["prod"].arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}

resource "aws_api_gateway_rest_api" "partner" {
  name = "partner"
}

resource "aws_api_gateway_deployment" "partner" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
}

resource "aws_api_gateway_stage" "partner" { # expect: FG-RT-004 aws_api_gateway_stage.partner
  rest_api_id   = aws_api_gateway_rest_api.partner.id
  deployment_id = aws_api_gateway_deployment.partner.id
  stage_name    = "v1"
}
