# Keys destroyed a few days after deletion is scheduled.
variable "key_deletion_days" {
  description = "Waiting period before KMS destroys a deleted key"
  type        = number
  default     = 10
}

resource "aws_kms_key" "env" {
  description             = "Lambda environment variables"
  enable_key_rotation     = true
  deletion_window_in_days = 7 # expect: FG-DP-004 aws_kms_key.env
}

resource "aws_kms_key" "tenant" {
  count                   = 2
  description             = "Tenant ${count.index} data"
  enable_key_rotation     = true
  deletion_window_in_days = var.key_deletion_days # expect: FG-DP-004 aws_kms_key.tenant[0]  # expect: FG-DP-004 aws_kms_key.tenant[1]
}

resource "aws_kms_key" "primary" {
  description         = "Multi-Region key for the orders table"
  multi_region        = true
  enable_key_rotation = true
}
