resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails"
  runtime       = "nodejs20.x"
  handler       = "thumbs.handler"
  filename      = "dist/thumbs.zip"

  vpc_config { # expect: FG-AC-013 aws_lambda_function.thumbnails
    subnet_ids         = aws_subnet.public[*].id
    security_group_ids = [aws_security_group.functions.id]
  }
}

resource "aws_lambda_function" "webhook" {
  function_name = "webhook"
  role          = "arn:aws:iam::123456789012:role/webhook"
  runtime       = "python3.12"
  handler       = "hook.handler"
  filename      = "dist/hook.zip"

  vpc_config { # expect: FG-AC-013 aws_lambda_function.webhook
    subnet_ids         = [aws_subnet.edge.id]
    security_group_ids = [aws_security_group.functions.id]
  }
}
