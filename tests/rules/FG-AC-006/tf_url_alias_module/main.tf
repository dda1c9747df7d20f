# Public webhooks: a URL on the live alias of a function made by a local
# module, a URL on the "beta" qualifier, and a URL for a function deployed
# elsewhere. The module's own URL for the GitHub hook requires IAM.
locals {
  role_arn = "arn:aws:iam::123456789012:role/webhooks"
}

module "stripe" {
  source   = "./modules/webhook"
  name     = "stripe-webhook"
  role_arn = local.role_arn
}

module "github" {
  source   = "./modules/webhook"
  name     = "github-webhook"
  role_arn = local.role_arn
  url_auth = "AWS_IAM"
}

resource "aws_lambda_function_url" "stripe" {
  function_name      = module.stripe.function_name
  qualifier          = module.stripe.alias_name
  authorization_type = "NONE" # expect: FG-AC-006 module.stripe.aws_lambda_function.this
}

resource "aws_lambda_function" "status" {
  function_name = "status"
  role          = local.role_arn
  runtime       = "nodejs20.x"
  handler       = "status.handler"
  filename      = "dist/status.zip"
}

resource "aws_lambda_function_url" "status_beta" {
  function_name      = aws_lambda_function.status.arn
  qualifier          = "beta"
  authorization_type = "NONE" # expect: FG-AC-006 aws_lambda_function.status
}

resource "aws_lambda_function_url" "partner" {
  function_name      = "arn:aws:lambda:us-east-1:123456789012:function:partner-hook"
  authorization_type = "NONE" # expect: FG-AC-006 aws_lambda_function_url.partner
}
