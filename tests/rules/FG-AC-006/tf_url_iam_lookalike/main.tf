# Look-alike: the URL requires IAM auth; a variable with no default is unknown.
variable "auth" {}

resource "aws_lambda_function" "fn" {
  function_name = "links"
  role          = "arn:aws:iam::123456789012:role/links"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build.zip"
}

resource "aws_lambda_function_url" "iam" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function_url" "unknown" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = var.auth
}
