resource "aws_apigatewayv2_api" "portal" {
  name          = "portal"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "staff" {
  api_id           = aws_apigatewayv2_api.portal.id
  authorizer_type  = "JWT"
  name             = "staff"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    audience = ["portal"]
    issuer   = "https://auth.example.com/"
  }
}

resource "aws_apigatewayv2_integration" "admin" {
  api_id                 = aws_apigatewayv2_api.portal.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn["admin"].invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "admin" {
  api_id             = aws_apigatewayv2_api.portal.id
  route_key          = "POST /admin/{action}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.staff.id
  target             = "integrations/${aws_apigatewayv2_integration.admin.id}"
}

resource "aws_sns_topic" "events" {
  name = "portal-events"
}

resource "aws_lambda_permission" "fanout" {
  statement_id  = "AllowTopic"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["fanout"].function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.events.arn
}
