# Look-alike: retention set literally, from a variable default, per
# for_each instance, and from a variable with no default (unknown).
variable "retention_days" {
  type    = number
  default = 30
}

variable "audit_retention" {
  type = number
}

locals {
  services = {
    orders   = 14
    payments = 365
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/shop-api"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/shop/app"
  retention_in_days = var.retention_days
}

resource "aws_cloudwatch_log_group" "service" {
  for_each          = local.services
  name              = "/aws/lambda/${each.key}"
  retention_in_days = each.value
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/shop/audit"
  retention_in_days = var.audit_retention
}

module "checkout" {
  source         = "./modules/service"
  name           = "checkout"
  retention_days = 60
}
