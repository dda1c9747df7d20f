resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "python3.12"
  handler       = "api.handler"
  filename      = "dist/api.zip"

  vpc_config {
    subnet_ids         = [for s in aws_subnet.private : s.id]
    security_group_ids = [aws_security_group.functions.id]
  }
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails"
  runtime       = "nodejs20.x"
  handler       = "thumbs.handler"
  filename      = "dist/thumbs.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.isolated.id]
    security_group_ids = [aws_security_group.functions.id]
  }
}

resource "aws_lambda_function" "reporting" {
  function_name = "reporting"
  role          = "arn:aws:iam::123456789012:role/reporting"
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "dist/report.zip"

  vpc_config {
    subnet_ids         = var.reporting_subnet_ids
    security_group_ids = [aws_security_group.functions.id]
  }
}
