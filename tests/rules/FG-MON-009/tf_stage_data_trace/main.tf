# Execution logs with full request/response data: the whole REST stage,
# one method of another stage, and a WebSocket stage's default route.
resource "aws_api_gateway_rest_api" "payments" {
  name = "payments"
}

resource "aws_api_gateway_resource" "charges" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  parent_id   = aws_api_gateway_rest_api.payments.root_resource_id
  path_part   = "charges"
}

resource "aws_api_gateway_method" "create" {
  rest_api_id   = aws_api_gateway_rest_api.payments.id
  resource_id   = aws_api_gateway_resource.charges.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "create" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  resource_id = aws_api_gateway_resource.charges.id
  http_method = aws_api_gateway_method.create.http_method
  type        = "MOCK"
}

resource "aws_api_gateway_deployment" "payments" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  depends_on  = [aws_api_gateway_integration.create]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.payments.id
  deployment_id = aws_api_gateway_deployment.payments.id
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "prod" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled    = true
    logging_level      = "INFO"
    data_trace_enabled = true # expect: FG-MON-009 aws_api_gateway_stage.prod
  }
}

resource "aws_api_gateway_stage" "sandbox" {
  rest_api_id   = aws_api_gateway_rest_api.payments.id
  deployment_id = aws_api_gateway_deployment.payments.id
  stage_name    = "sandbox"
}

resource "aws_api_gateway_method_settings" "sandbox_all" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  stage_name  = aws_api_gateway_stage.sandbox.stage_name
  method_path = "*/*"

  settings {
    logging_level = "ERROR"
  }
}

resource "aws_api_gateway_method_settings" "sandbox_charges" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  stage_name  = aws_api_gateway_stage.sandbox.stage_name
  method_path = "charges/POST"

  settings {
    data_trace_enabled = true # expect: FG-MON-009 aws_api_gateway_stage.sandbox
  }
}

resource "aws_apigatewayv2_api" "live" {
  name                       = "payments-live"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_stage" "live" {
  api_id = aws_apigatewayv2_api.live.id
  name   = "live"

  default_route_settings {
    logging_level          = "INFO"
    data_trace_enabled     = true # expect: FG-MON-009 aws_apigatewayv2_stage.live
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}
