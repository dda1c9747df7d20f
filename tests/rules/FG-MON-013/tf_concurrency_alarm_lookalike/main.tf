# Look-alike: an account-wide alarm on ClaimedAccountConcurrency near the
# quota, from a small local module.
resource "aws_lambda_function" "resize" {
  function_name = "resize"
  role          = "arn:aws:iam::123456789012:role/media"
  runtime       = "nodejs20.x"
  handler       = "resize.handler"
  filename      = "dist/resize.zip"
}

module "concurrency_alarm" {
  source    = "./modules/lambda-alarm"
  name      = "lambda-claimed-concurrency"
  metric    = "ClaimedAccountConcurrency"
  threshold = 900
}
