# Functions that write to the queue or topic that invokes them, with
# recursive loop detection turned off (set in recursion.tf).
resource "aws_lambda_function" "fanout" {
  function_name = "orders-fanout"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "python3.12"
  handler       = "fanout.handler"
  filename      = "dist/fanout.zip"
}

resource "aws_lambda_function" "retry" {
  for_each      = toset(["payments", "shipping"])
  function_name = "orders-retry-${each.key}"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "python3.12"
  handler       = "retry.handler"
  filename      = "dist/retry.zip"
}
