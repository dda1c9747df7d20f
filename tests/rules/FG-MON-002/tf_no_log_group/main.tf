# Functions whose log group Lambda creates itself: none declared, or the
# declared one is named after a previous function name.
resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.orders.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "orders" { # expect: FG-MON-002 aws_lambda_function.orders
  function_name = "orders-api-v2"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "dist/orders.zip"
}

# named after the function's old name: not where it logs today
resource "aws_cloudwatch_log_group" "orders" {
  name              = "/aws/lambda/orders-api"
  retention_in_days = 14
}

resource "aws_lambda_function" "invoices" { # expect: FG-MON-002 aws_lambda_function.invoices
  function_name = "invoices"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "invoices.handler"
  filename      = "dist/invoices.zip"
}
