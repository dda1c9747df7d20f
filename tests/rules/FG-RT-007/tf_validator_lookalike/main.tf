# Look-alike: validated POST, a greedy {proxy+} route and ANY (the
# function's router validates), GET without a body, an HTTP API route
# (no request validators there), and a validator id from a variable with
# no default (unknown).
variable "shared_validator_id" {
  type = string
}

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_request_validator" "body" {
  rest_api_id                 = aws_api_gateway_rest_api.orders.id
  name                        = "validate-body"
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_model" "order" {
  rest_api_id  = aws_api_gateway_rest_api.orders.id
  name         = "Order"
  content_type = "application/json"
  schema = jsonencode({
    type     = "object"
    required = ["sku", "quantity"]
    properties = {
      sku      = { type = "string" }
      quantity = { type = "integer", minimum = 1 }
    }
  })
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "create" {
  rest_api_id          = aws_api_gateway_rest_api.orders.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "AWS_IAM"
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models = {
    "application/json" = aws_api_gateway_model.order.name
  }
}

resource "aws_api_gateway_method" "replace" {
  rest_api_id          = aws_api_gateway_rest_api.orders.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "PUT"
  authorization        = "AWS_IAM"
  request_validator_id = var.shared_validator_id
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_method" "proxy" {
  for_each      = toset(["POST", "ANY"])
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.proxy.id
  http_method   = each.key
  authorization = "AWS_IAM"
}

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "create" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "POST /orders"
  authorization_type = "AWS_IAM"
}
