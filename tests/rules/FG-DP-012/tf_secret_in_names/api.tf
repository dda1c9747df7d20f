resource "aws_apigatewayv2_api" "hooks" {
  name          = "hooks"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "hooks" {
  api_id      = aws_apigatewayv2_api.hooks.id
  name        = "ghp_vxaO2iWKV5VMapMEn7uXVn1GtT3roibLrNOZ" # expect: FG-DP-012 aws_apigatewayv2_stage.hooks
  auto_deploy = true
}
