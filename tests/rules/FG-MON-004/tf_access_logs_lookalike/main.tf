# Look-alike: both stages send access logs to a log group; a third stage's
# destination comes from a variable with no default (unknown).
variable "access_log_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/apigateway/orders"
  retention_in_days = 90
}

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "orders", version = "1.0" }
    paths   = {}
  })
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "prod"

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      status    = "$context.status"
    })
  }
}

resource "aws_api_gateway_stage" "test" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "test"

  access_log_settings {
    destination_arn = var.access_log_arn
    format          = "$context.requestId $context.status"
  }
}

resource "aws_apigatewayv2_api" "public" {
  name          = "orders-public"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.public.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}
