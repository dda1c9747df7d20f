resource "aws_api_gateway_stage" "prod" { # expect: FG-MON-005 aws_api_gateway_stage.prod
  rest_api_id   = aws_api_gateway_rest_api.catalog.id
  deployment_id = aws_api_gateway_deployment.catalog.id
  stage_name    = "prod"
}

resource "aws_api_gateway_stage" "env" {
  for_each      = toset(["dev", "staging"])
  rest_api_id   = aws_api_gateway_rest_api.catalog.id
  deployment_id = aws_api_gateway_deployment.catalog.id
  stage_name    = each.key

  xray_tracing_enabled = var.tracing # expect: FG-MON-005 aws_api_gateway_stage.env["dev"] # expect: FG-MON-005 aws_api_gateway_stage.env["staging"]
}
