# Look-alike: stage-wide limits on the REST stage (method_path */*), default
# route limits on the HTTP stage, and a rate from a variable with no default
# (unknown).
variable "partner_rate_limit" {
  type = number
}

locals {
  limits = {
    rate  = 100
    burst = 50
  }
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "prod" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    throttling_rate_limit  = local.limits.rate
    throttling_burst_limit = local.limits.burst
  }
}

resource "aws_api_gateway_stage" "partner" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "partner"
}

resource "aws_api_gateway_method_settings" "partner" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.partner.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit = var.partner_rate_limit
  }
}

resource "aws_apigatewayv2_api" "storefront" {
  name          = "storefront"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "storefront" {
  api_id      = aws_apigatewayv2_api.storefront.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = 200
    throttling_burst_limit = 100
  }
}
