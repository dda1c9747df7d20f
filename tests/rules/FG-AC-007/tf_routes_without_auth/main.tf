# Ticketing REST API: POST is open, the export method "requires" only an API
# key, GET uses a Cognito authorizer, OPTIONS answers CORS preflights.
variable "user_pool_arn" {
  type    = string
  default = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"
}

resource "aws_iam_role" "tickets" {
  name = "tickets"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "tickets" {
  function_name = "tickets"
  role          = aws_iam_role.tickets.arn
  runtime       = "python3.12"
  handler       = "tickets.handler"
  filename      = "dist/tickets.zip"
}

resource "aws_api_gateway_rest_api" "tickets" {
  name = "tickets"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "tickets" {
  rest_api_id = aws_api_gateway_rest_api.tickets.id
  parent_id   = aws_api_gateway_rest_api.tickets.root_resource_id
  path_part   = "tickets"
}

resource "aws_api_gateway_resource" "export" {
  rest_api_id = aws_api_gateway_rest_api.tickets.id
  parent_id   = aws_api_gateway_resource.tickets.id
  path_part   = "export"
}

resource "aws_api_gateway_authorizer" "cognito" {
  name          = "cognito"
  rest_api_id   = aws_api_gateway_rest_api.tickets.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [var.user_pool_arn]
}

resource "aws_api_gateway_method" "create" {
  rest_api_id   = aws_api_gateway_rest_api.tickets.id
  resource_id   = aws_api_gateway_resource.tickets.id
  http_method   = "POST"
  authorization = "NONE" # expect: FG-AC-007 aws_api_gateway_rest_api.tickets
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.tickets.id
  resource_id   = aws_api_gateway_resource.tickets.id
  http_method   = "GET"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.cognito.id
}

resource "aws_api_gateway_method" "export" {
  rest_api_id      = aws_api_gateway_rest_api.tickets.id
  resource_id      = aws_api_gateway_resource.export.id
  http_method      = "GET"
  authorization    = "NONE" # expect: FG-AC-007 aws_api_gateway_rest_api.tickets
  api_key_required = true
}

resource "aws_api_gateway_method" "preflight" {
  rest_api_id   = aws_api_gateway_rest_api.tickets.id
  resource_id   = aws_api_gateway_resource.tickets.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "methods" {
  for_each = {
    create = aws_api_gateway_method.create
    list   = aws_api_gateway_method.list
    export = aws_api_gateway_method.export
  }

  rest_api_id             = aws_api_gateway_rest_api.tickets.id
  resource_id             = each.value.resource_id
  http_method             = each.value.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.tickets.invoke_arn
}
