# POST and PUT methods that take a body without a request validator (the
# PATCH one has a validator; GET has no body).
resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_resource" "order" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_resource.orders.id
  path_part   = "{orderId}"
}

resource "aws_api_gateway_request_validator" "body" {
  rest_api_id           = aws_api_gateway_rest_api.orders.id
  name                  = "body"
  validate_request_body = true
}

resource "aws_api_gateway_method" "create" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "AWS_IAM" # expect: FG-RT-007 aws_api_gateway_rest_api.orders
}

resource "aws_api_gateway_method" "order" {
  for_each      = toset(["GET", "PUT", "PATCH"])
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.order.id
  http_method   = each.key
  authorization = "AWS_IAM" # expect: FG-RT-007 aws_api_gateway_rest_api.orders

  request_validator_id = each.key == "PATCH" ? aws_api_gateway_request_validator.body.id : null
}
