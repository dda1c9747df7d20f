# Look-alike: loop detection kept (Terminate, the default) or set from a
# variable with no default (unknown); a recursion config for a function of
# another configuration says nothing about the functions here.
variable "loop_policy" {
  type = string
}

resource "aws_lambda_function" "fanout" {
  function_name = "orders-fanout"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "python3.12"
  handler       = "fanout.handler"
  filename      = "dist/fanout.zip"
}

resource "aws_lambda_function_recursion_config" "fanout" {
  function_name  = aws_lambda_function.fanout.function_name
  recursive_loop = "Terminate"
}

resource "aws_lambda_function" "relay" {
  function_name = "orders-relay"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "python3.12"
  handler       = "relay.handler"
  filename      = "dist/relay.zip"
}

resource "aws_lambda_function_recursion_config" "relay" {
  function_name  = aws_lambda_function.relay.function_name
  recursive_loop = var.loop_policy
}

resource "aws_lambda_function" "audit" {
  function_name = "orders-audit"
  role          = "arn:aws:iam::123456789012:role/orders"
  runtime       = "python3.12"
  handler       = "audit.handler"
  filename      = "dist/audit.zip"
}

resource "aws_lambda_function_recursion_config" "legacy" {
  function_name  = "legacy-orders-fanout"
  recursive_loop = "Allow"
}
