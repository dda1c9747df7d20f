# Look-alike: "*" (browsers send no credentials with it), origins listed by
# name, endpoints that are public anyway, and origins from a variable with
# no default (unknown).
variable "allowed_origins" {
  type = list(string)
}

locals {
  frontends = ["https://app.example.com", "https://admin.example.com"]
}

resource "aws_lambda_function" "docs" {
  function_name = "docs"
  role          = "arn:aws:iam::123456789012:role/docs"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "dist/docs.zip"
}

resource "aws_lambda_function_url" "docs" {
  function_name      = aws_lambda_function.docs.function_name
  authorization_type = "NONE"
  cors {
    allow_origins = ["null"]
  }
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.docs.function_name
  function_version = "$LATEST"
}

resource "aws_lambda_function_url" "live" {
  function_name      = aws_lambda_alias.live.arn
  authorization_type = "AWS_IAM"
  cors {
    allow_origins = local.frontends
  }
}

resource "aws_lambda_function" "export" {
  function_name = "export"
  role          = "arn:aws:iam::123456789012:role/docs"
  runtime       = "python3.12"
  handler       = "export.handler"
  filename      = "dist/export.zip"
}

resource "aws_lambda_function_url" "export" {
  function_name      = aws_lambda_function.export.function_name
  authorization_type = "AWS_IAM"
  cors {
    allow_origins = var.allowed_origins
  }
}

resource "aws_apigatewayv2_api" "partner" {
  name          = "partner"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins     = ["https://partner.example.com"]
    allow_credentials = true
  }
}

resource "aws_apigatewayv2_route" "partner" {
  api_id             = aws_apigatewayv2_api.partner.id
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = "abc123"
}

resource "aws_apigatewayv2_api" "catalog" {
  name          = "catalog"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins = ["*"]
  }
}

resource "aws_apigatewayv2_route" "catalog" {
  api_id             = aws_apigatewayv2_api.catalog.id
  route_key          = "GET /items"
  authorization_type = "AWS_IAM"
}

resource "aws_api_gateway_rest_api" "status" {
  name = "status"
}

resource "aws_api_gateway_resource" "status" {
  rest_api_id = aws_api_gateway_rest_api.status.id
  parent_id   = aws_api_gateway_rest_api.status.root_resource_id
  path_part   = "status"
}

resource "aws_api_gateway_method" "status" {
  for_each      = toset(["GET", "OPTIONS"])
  rest_api_id   = aws_api_gateway_rest_api.status.id
  resource_id   = aws_api_gateway_resource.status.id
  http_method   = each.key
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "options" {
  rest_api_id = aws_api_gateway_rest_api.status.id
  resource_id = aws_api_gateway_resource.status.id
  http_method = aws_api_gateway_method.status["OPTIONS"].http_method
  type        = "MOCK"
}

resource "aws_api_gateway_integration_response" "options" {
  rest_api_id = aws_api_gateway_rest_api.status.id
  resource_id = aws_api_gateway_resource.status.id
  http_method = aws_api_gateway_method.status["OPTIONS"].http_method
  status_code = "200"
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "method.request.header.Origin"
  }
}
