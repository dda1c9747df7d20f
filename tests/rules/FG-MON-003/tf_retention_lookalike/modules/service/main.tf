variable "name" {
  type = string
}

variable "retention_days" {
  type = number
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.retention_days
}
