# An older API still protected by a WAF Classic (regional) web ACL.
resource "aws_api_gateway_rest_api" "legacy" {
  name = "orders-v1"
}

resource "aws_api_gateway_deployment" "legacy" {
  rest_api_id = aws_api_gateway_rest_api.legacy.id
}

resource "aws_api_gateway_stage" "legacy" {
  rest_api_id   = aws_api_gateway_rest_api.legacy.id
  deployment_id = aws_api_gateway_deployment.legacy.id
  stage_name    = "v1"
}

resource "aws_wafregional_web_acl_association" "legacy" {
  resource_arn = aws_api_gateway_stage.legacy.arn
  web_acl_id   = "2e4b6c7d-1a2b-3c4d-5e6f-7a8b9c0d1e2f"
}
