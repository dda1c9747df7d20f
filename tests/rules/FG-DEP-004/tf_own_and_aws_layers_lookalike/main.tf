# Look-alike: layers built here, layers of this account (caller identity, or the
# account of the function's own role), layers AWS publishes, and a layer chosen per workspace.
variable "extra_layer_arn" {
  description = "Set per workspace"
  type        = string
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  powertools = "arn:aws:lambda:${local.region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"
}

resource "aws_lambda_layer_version" "common" {
  layer_name          = "common"
  filename            = "build/common.zip"
  compatible_runtimes = ["python3.12"]
}

resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/orders.zip"
  layers = [
    aws_lambda_layer_version.common.arn,
    "arn:aws:lambda:${local.region}:${local.account_id}:layer:db-drivers:4",
    local.powertools,
    "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:53",
    "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12",
  ]
}

resource "aws_lambda_function" "tracing" {
  function_name = "tracing"
  role          = "arn:aws:iam::123456789012:role/tracing"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/tracing.zip"
  layers = [
    "arn:aws:lambda:eu-west-1:123456789012:layer:internal-tracing:9",
    "arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-python-amd64-ver-1-25-0:1",
  ]
}

resource "aws_lambda_function" "workspace" {
  function_name = "workspace"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/workspace.zip"
  layers        = [var.extra_layer_arn]
}
