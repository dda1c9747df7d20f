# Stages without stage-wide throttling: only POST /login is throttled on
# prod, the sandbox stage sets logging only, limits of -1 mean "no limit",
# and the HTTP API stage has no default route settings.
resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_resource" "login" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "login"
}

resource "aws_api_gateway_method" "login" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.login.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "login" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  resource_id = aws_api_gateway_resource.login.id
  http_method = aws_api_gateway_method.login.http_method
  type        = "MOCK"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  depends_on  = [aws_api_gateway_integration.login]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

resource "aws_api_gateway_stage" "sandbox" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "sandbox"
}

resource "aws_api_gateway_stage" "load" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "load"
}

resource "aws_apigatewayv2_api" "storefront" {
  name          = "storefront"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "storefront" { # expect: FG-RT-005 aws_apigatewayv2_stage.storefront
  api_id      = aws_apigatewayv2_api.storefront.id
  name        = "$default"
  auto_deploy = true
}
