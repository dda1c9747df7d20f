# Authenticated endpoints whose CORS trusts every site: an IAM function URL
# allowing "null", an HTTP API with IAM routes allowing "null", and a REST
# API whose OPTIONS response echoes the caller's Origin.
resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = "arn:aws:iam::123456789012:role/reports"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "dist/reports.zip"
}

resource "aws_lambda_function_url" "reports" {
  function_name      = aws_lambda_function.reports.function_name
  authorization_type = "AWS_IAM"

  cors { # expect: FG-RT-008 aws_lambda_function.reports
    allow_origins     = ["null"]
    allow_methods     = ["GET"]
    allow_credentials = true
  }
}

resource "aws_apigatewayv2_api" "admin" {
  name          = "admin"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = ["null"] # expect: FG-RT-008 aws_apigatewayv2_api.admin
    allow_methods = ["GET", "POST"]
  }
}

resource "aws_apigatewayv2_route" "admin" {
  api_id             = aws_apigatewayv2_api.admin.id
  route_key          = "GET /admin"
  authorization_type = "AWS_IAM"
}

resource "aws_api_gateway_rest_api" "reports" {
  name = "reports"
}

resource "aws_api_gateway_resource" "reports" {
  rest_api_id = aws_api_gateway_rest_api.reports.id
  parent_id   = aws_api_gateway_rest_api.reports.root_resource_id
  path_part   = "reports"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.reports.id
  resource_id   = aws_api_gateway_resource.reports.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_method" "options" {
  rest_api_id   = aws_api_gateway_rest_api.reports.id
  resource_id   = aws_api_gateway_resource.reports.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration_response" "options" {
  rest_api_id = aws_api_gateway_rest_api.reports.id
  resource_id = aws_api_gateway_resource.reports.id
  http_method = aws_api_gateway_method.options.http_method
  status_code = "200"
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin"  = "method.request.header.Origin" # expect: FG-RT-008 aws_api_gateway_rest_api.reports
    "method.response.header.Access-Control-Allow-Methods" = "'GET,OPTIONS'"
  }
  depends_on = [aws_api_gateway_integration.options]
}

resource "aws_api_gateway_integration" "options" {
  rest_api_id = aws_api_gateway_rest_api.reports.id
  resource_id = aws_api_gateway_resource.reports.id
  http_method = aws_api_gateway_method.options.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}
