# Orders API imported from an inline OpenAPI definition: GET is signed with
# SigV4, POST has no security requirement.
resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "orders", version = "1.0" }
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
      "/orders" = {
        get = {
          security = [{ sigv4 = [] }]
          "x-amazon-apigateway-integration" = {
            type       = "AWS_PROXY"
            httpMethod = "POST"
            uri        = aws_lambda_function.tickets.invoke_arn
          }
        }
        post = { # expect: FG-AC-007 aws_api_gateway_rest_api.orders
          "x-amazon-apigateway-integration" = {
            type       = "AWS_PROXY"
            httpMethod = "POST"
            uri        = aws_lambda_function.tickets.invoke_arn
          }
        }
      }
    }
  })
}
