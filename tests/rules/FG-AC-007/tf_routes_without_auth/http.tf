# Sign-up HTTP API: one route open, one behind a JWT authorizer; and a
# quick-create HTTP API whose default route has no authorization at all.
resource "aws_apigatewayv2_api" "signup" {
  name          = "signup"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "signup" {
  api_id                 = aws_apigatewayv2_api.signup.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.tickets.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_authorizer" "auth0" {
  api_id           = aws_apigatewayv2_api.signup.id
  authorizer_type  = "JWT"
  name             = "auth0"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    audience = ["signup"]
    issuer   = "https://acme.eu.auth0.com/"
  }
}

resource "aws_apigatewayv2_route" "create_account" {
  api_id             = aws_apigatewayv2_api.signup.id
  route_key          = "POST /accounts"
  authorization_type = "NONE" # expect: FG-AC-007 aws_apigatewayv2_api.signup
  target             = "integrations/${aws_apigatewayv2_integration.signup.id}"
}

resource "aws_apigatewayv2_route" "get_account" {
  api_id             = aws_apigatewayv2_api.signup.id
  route_key          = "GET /accounts/{id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.auth0.id
  target             = "integrations/${aws_apigatewayv2_integration.signup.id}"
}

resource "aws_apigatewayv2_route" "preflight" {
  api_id    = aws_apigatewayv2_api.signup.id
  route_key = "OPTIONS /accounts"
}

resource "aws_apigatewayv2_api" "status" { # expect: FG-AC-007 aws_apigatewayv2_api.status
  name          = "status"
  protocol_type = "HTTP"
  target        = aws_lambda_function.tickets.arn
}
