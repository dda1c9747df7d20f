# A webhook receiver: function, live alias and, when asked, a URL on the alias.
variable "name" {
  type = string
}

variable "role_arn" {
  type = string
}

variable "url_auth" {
  type        = string
  default     = null
  description = "AWS_IAM or NONE to give the live alias a function URL"
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = var.role_arn
  runtime       = "python3.12"
  handler       = "hook.handler"
  filename      = "dist/${var.name}.zip"
  publish       = true
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_lambda_function_url" "live" {
  count              = var.url_auth == null ? 0 : 1
  function_name      = aws_lambda_function.this.function_name
  qualifier          = aws_lambda_alias.live.name
  authorization_type = var.url_auth
}

output "function_name" {
  value = aws_lambda_function.this.function_name
}

output "alias_name" {
  value = aws_lambda_alias.live.name
}
