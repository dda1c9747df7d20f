# Look-alike: the default and the full 30-day window, and a window known only per workspace.
variable "deletion_window" {
  description = "Set per workspace"
  type        = number
}

resource "aws_kms_key" "env" {
  description         = "Lambda environment variables"
  enable_key_rotation = true
}

resource "aws_kms_key" "orders" {
  description             = "Orders table"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  multi_region            = true
}

resource "aws_kms_replica_key" "orders_dr" {
  description     = "Orders key in the recovery region"
  primary_key_arn = aws_kms_key.orders.arn
}

resource "aws_kms_key" "workspace" {
  description             = "Window chosen per workspace"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window
}

resource "aws_kms_alias" "env" {
  name          = "alias/env"
  target_key_id = aws_kms_key.env.key_id
}

# a key of another configuration, looked up by alias: not declared here
data "aws_kms_key" "shared" {
  key_id = "alias/shared-platform"
}
