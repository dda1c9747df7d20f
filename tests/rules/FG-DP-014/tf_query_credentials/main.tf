# REST and HTTP APIs that take credentials from the query string.
resource "aws_api_gateway_rest_api" "legacy" {
  name = "legacy"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.legacy.id
  parent_id   = aws_api_gateway_rest_api.legacy.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_authorizer" "key" {
  name            = "query-key"
  rest_api_id     = aws_api_gateway_rest_api.legacy.id
  type            = "REQUEST"
  authorizer_uri  = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:auth/invocations"
  identity_source = "method.request.querystring.apikey" # expect: FG-DP-014 aws_api_gateway_authorizer.key
}

resource "aws_api_gateway_method" "orders_get" {
  rest_api_id   = aws_api_gateway_rest_api.legacy.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.key.id

  request_parameters = {
    "method.request.querystring.apikey"        = true # expect: FG-DP-014 aws_api_gateway_rest_api.legacy
    "method.request.querystring.client_secret" = false # expect: FG-DP-014 aws_api_gateway_rest_api.legacy
    "method.request.querystring.status"        = false
  }
}

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "events" {
  api_id           = aws_apigatewayv2_api.events.id
  authorizer_type  = "REQUEST"
  name             = "events"
  authorizer_uri   = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:auth/invocations"
  identity_sources = ["$request.querystring.token"] # expect: FG-DP-014 aws_apigatewayv2_authorizer.events
}
