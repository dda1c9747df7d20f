resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_route" "connect" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "$connect"
  authorization_type = "AWS_IAM"
}

resource "aws_apigatewayv2_route" "messages" {
  for_each  = toset(["sendMessage", "$disconnect", "$default"])
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = each.key
}

resource "aws_apigatewayv2_api" "admin" {
  name          = "admin"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "admin" {
  api_id             = aws_apigatewayv2_api.admin.id
  route_key          = "POST /jobs"
  authorization_type = var.admin_auth
}

resource "aws_api_gateway_rest_api" "reports" {
  name = "reports"
  body = jsonencode({
    openapi  = "3.0.1"
    info     = { title = "reports", version = "1.0" }
    security = [{ sigv4 = [] }]
    components = {
      securitySchemes = {
        sigv4 = {
          type                           = "apiKey"
          name                           = "Authorization"
          in                             = "header"
          "x-amazon-apigateway-authtype" = "awsSigv4"
        }
      }
    }
    paths = {
      "/reports" = {
        get  = { "x-amazon-apigateway-integration" = { type = "MOCK" } }
        post = { "x-amazon-apigateway-integration" = { type = "MOCK" } }
      }
    }
  })
}
