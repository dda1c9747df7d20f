# Log groups that keep their logs forever: no retention_in_days, and 0
# (which Terraform passes as "never expire"), here through a variable.
variable "audit_retention_days" {
  type    = number
  default = 0
}

resource "aws_lambda_function" "api" {
  function_name = "shop-api"
  role          = "arn:aws:iam::123456789012:role/shop-api"
  runtime       = "python3.12"
  handler       = "api.handler"
  filename      = "dist/api.zip"
}

resource "aws_cloudwatch_log_group" "api" { # expect: FG-MON-003 aws_cloudwatch_log_group.api
  name = "/aws/lambda/${aws_lambda_function.api.function_name}"
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/shop/audit"
  retention_in_days = var.audit_retention_days # expect: FG-MON-003 aws_cloudwatch_log_group.audit
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_log_group" "batch" {
  for_each          = toset(["import", "export"])
  name              = "/shop/batch/${each.key}"
  retention_in_days = 0 # expect: FG-MON-003 aws_cloudwatch_log_group.batch["import"] # expect: FG-MON-003 aws_cloudwatch_log_group.batch["export"]
}
