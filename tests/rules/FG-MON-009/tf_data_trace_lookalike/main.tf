# Look-alike: data tracing off, on with execution logging OFF (nothing is
# written), on an HTTP API (which has no execution logs), and from a
# variable with no default (unknown).
variable "trace_payloads" {
  type = bool
}

resource "aws_api_gateway_rest_api" "payments" {
  name = "payments"
}

resource "aws_api_gateway_deployment" "payments" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
}

resource "aws_api_gateway_stage" "stage" {
  for_each      = toset(["prod", "quiet", "debug"])
  rest_api_id   = aws_api_gateway_rest_api.payments.id
  deployment_id = aws_api_gateway_deployment.payments.id
  stage_name    = each.key
}

resource "aws_api_gateway_method_settings" "prod" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  stage_name  = aws_api_gateway_stage.stage["prod"].stage_name
  method_path = "*/*"

  settings {
    metrics_enabled    = true
    logging_level      = "ERROR"
    data_trace_enabled = false
  }
}

resource "aws_api_gateway_method_settings" "quiet" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  stage_name  = aws_api_gateway_stage.stage["quiet"].stage_name
  method_path = "*/*"

  settings {
    logging_level      = "OFF"
    data_trace_enabled = true
  }
}

resource "aws_api_gateway_method_settings" "debug" {
  rest_api_id = aws_api_gateway_rest_api.payments.id
  stage_name  = aws_api_gateway_stage.stage["debug"].stage_name
  method_path = "*/*"

  settings {
    logging_level      = "INFO"
    data_trace_enabled = var.trace_payloads
  }
}

resource "aws_apigatewayv2_api" "http" {
  name          = "payments-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    data_trace_enabled     = true
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}
