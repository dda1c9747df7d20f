# Look-alikes: credentials in headers, pagination and object keys in the query string, a variable
# without default as the identity source.
variable "identity_source" {
  type = string
}

resource "aws_api_gateway_rest_api" "files" {
  name = "files"
}

resource "aws_api_gateway_resource" "files" {
  rest_api_id = aws_api_gateway_rest_api.files.id
  parent_id   = aws_api_gateway_rest_api.files.root_resource_id
  path_part   = "files"
}

resource "aws_api_gateway_authorizer" "bearer" {
  name            = "bearer"
  rest_api_id     = aws_api_gateway_rest_api.files.id
  type            = "REQUEST"
  authorizer_uri  = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:auth/invocations"
  identity_source = var.identity_source
}

resource "aws_api_gateway_method" "files_get" {
  rest_api_id   = aws_api_gateway_rest_api.files.id
  resource_id   = aws_api_gateway_resource.files.id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.bearer.id

  request_parameters = {
    "method.request.header.Authorization"   = true
    "method.request.header.x-api-key"       = true
    "method.request.querystring.key"        = true
    "method.request.querystring.next_token" = false
    "method.request.querystring.token_type" = false
  }
}

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "events" {
  api_id           = aws_apigatewayv2_api.events.id
  authorizer_type  = "JWT"
  name             = "events"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    audience = ["events"]
    issuer   = "https://auth.example.org"
  }
}
