data "aws_iam_policy_document" "import" {
  statement {
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = ["arn:aws:dynamodb:*:*:table/*"]
  }
}

resource "aws_iam_role_policy" "import" {
  name   = "tables"
  role   = aws_iam_role.fn["import"].id
  policy = data.aws_iam_policy_document.import.json
}

resource "aws_apigatewayv2_api" "media" {
  name          = "media"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "import" {
  api_id                 = aws_apigatewayv2_api.media.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn["import"].invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "import" {
  api_id             = aws_apigatewayv2_api.media.id
  route_key          = "POST /import"
  authorization_type = "NONE" # expect: FG-AC-014 aws_lambda_function.fn["import"]
  target             = "integrations/${aws_apigatewayv2_integration.import.id}"
}
