# Look-alike: a stage with a web ACL (associated by the stage's ARN built
# from the API id), a private API, an API with a resource policy, and an
# HTTP API (which AWS WAF cannot protect).
data "aws_region" "current" {}

variable "web_acl_arn" {
  type    = string
  default = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/a1b2c3d4"
}

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "prod"
}

resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = "arn:aws:apigateway:${data.aws_region.current.name}::/restapis/${aws_api_gateway_rest_api.orders.id}/stages/prod"
  web_acl_arn  = var.web_acl_arn
}

resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = ["vpce-0a1b2c3d4e5f67890"]
  }
}

resource "aws_api_gateway_deployment" "internal" {
  rest_api_id = aws_api_gateway_rest_api.internal.id
}

resource "aws_api_gateway_stage" "internal" {
  rest_api_id   = aws_api_gateway_rest_api.internal.id
  deployment_id = aws_api_gateway_deployment.internal.id
  stage_name    = "prod"
}

resource "aws_api_gateway_rest_api" "partner" {
  name = "partner"
}

data "aws_iam_policy_document" "partner" {
  statement {
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_api_gateway_rest_api.partner.execution_arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"]
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "partner" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  policy      = data.aws_iam_policy_document.partner.json
}

resource "aws_api_gateway_deployment" "partner" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
}

resource "aws_api_gateway_stage" "partner" {
  rest_api_id   = aws_api_gateway_rest_api.partner.id
  deployment_id = aws_api_gateway_deployment.partner.id
  stage_name    = "v1"
}

resource "aws_apigatewayv2_api" "public" {
  name          = "orders-public"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "public" {
  api_id      = aws_apigatewayv2_api.public.id
  name        = "$default"
  auto_deploy = true
}
