resource "aws_api_gateway_method_settings" "login" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "login/POST"

  settings { # expect: FG-RT-005 aws_api_gateway_stage.prod
    throttling_rate_limit  = 5
    throttling_burst_limit = 5
  }
}

resource "aws_api_gateway_method_settings" "sandbox" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.sandbox.stage_name
  method_path = "*/*"

  settings { # expect: FG-RT-005 aws_api_gateway_stage.sandbox
    metrics_enabled = true
    logging_level   = "ERROR"
  }
}

resource "aws_api_gateway_method_settings" "load" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.load.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit  = -1 # expect: FG-RT-005 aws_api_gateway_stage.load
    throttling_burst_limit = -1
  }
}
