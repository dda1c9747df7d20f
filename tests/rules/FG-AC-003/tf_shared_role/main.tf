# The API handlers are stamped out with for_each and all run as one role;
# two legacy jobs use the same pre-existing role by ARN.
locals {
  handlers = {
    orders   = "orders.handler"
    invoices = "invoices.handler"
  }
  legacy_role_arn = "arn:aws:iam::123456789012:role/legacy-lambda"
}

resource "aws_iam_role" "api" {
  name = "api-handlers"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "api_logs" {
  role       = aws_iam_role.api.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "api" {
  for_each = local.handlers

  function_name = "api-${each.key}"
  role          = aws_iam_role.api.arn # expect: FG-AC-003 aws_lambda_function.api["orders"] # expect: FG-AC-003 aws_lambda_function.api["invoices"]
  runtime       = "nodejs20.x"
  handler       = each.value
  filename      = "dist/api.zip"
}
