# Function and API access log groups without a KMS key.
resource "aws_lambda_function" "api" {
  function_name = "shop-api"
  role          = "arn:aws:iam::123456789012:role/shop-api"
  runtime       = "nodejs20.x"
  handler       = "api.handler"
  filename      = "build/api.zip"
}

resource "aws_cloudwatch_log_group" "api" { # expect: FG-DP-011 aws_cloudwatch_log_group.api
  name              = "/aws/lambda/${aws_lambda_function.api.function_name}"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "jobs" {
  for_each          = toset(["import", "export"])
  name              = "/shop/jobs/${each.key}"
  retention_in_days = 14
  kms_key_id        = each.key == "import" ? aws_kms_key.logs.arn : "" # expect: FG-DP-011 aws_cloudwatch_log_group.jobs["export"]
}

resource "aws_kms_key" "logs" {
  description         = "Log groups"
  enable_key_rotation = true
}
