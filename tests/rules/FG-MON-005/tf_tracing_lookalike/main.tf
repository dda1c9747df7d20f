# Look-alike: the REST stage traces with X-Ray; HTTP and WebSocket APIs
# cannot, so their stages are not checked; a flag from a variable with no
# default is unknown.
variable "trace_test_stage" {
  type = bool
}

resource "aws_api_gateway_rest_api" "catalog" {
  name = "catalog"
}

resource "aws_api_gateway_deployment" "catalog" {
  rest_api_id = aws_api_gateway_rest_api.catalog.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.catalog.id
  deployment_id        = aws_api_gateway_deployment.catalog.id
  stage_name           = "prod"
  xray_tracing_enabled = true
}

resource "aws_api_gateway_stage" "test" {
  rest_api_id          = aws_api_gateway_rest_api.catalog.id
  deployment_id        = aws_api_gateway_deployment.catalog.id
  stage_name           = "test"
  xray_tracing_enabled = var.trace_test_stage
}

resource "aws_apigatewayv2_api" "http" {
  name          = "catalog-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_api" "ws" {
  name                       = "catalog-live"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_stage" "ws" {
  api_id = aws_apigatewayv2_api.ws.id
  name   = "live"
}
