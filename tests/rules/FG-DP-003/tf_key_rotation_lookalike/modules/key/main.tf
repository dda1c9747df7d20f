variable "name" {
  type = string
}

resource "aws_kms_key" "this" {
  description         = "${var.name} data"
  enable_key_rotation = true
}

output "arn" {
  value = aws_kms_key.this.arn
}
