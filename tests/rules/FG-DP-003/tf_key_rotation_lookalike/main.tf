# Look-alike: rotating keys, keys KMS cannot rotate, replicas, and a setting known only per workspace.
variable "rotate_keys" {
  description = "Set per workspace"
  type        = bool
}

resource "aws_kms_key" "env" {
  description         = "Lambda environment variables"
  enable_key_rotation = true
}

resource "aws_kms_key" "signing" {
  description              = "JWT signing"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "webhooks" {
  description              = "Webhook HMAC"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_kms_external_key" "imported" {
  description = "Key material imported from the on-premises HSM"
}

resource "aws_kms_key" "hsm" {
  description         = "Key in the CloudHSM key store"
  custom_key_store_id = "cks-1234567890abcdef0"
}

resource "aws_kms_key" "primary" {
  description         = "Multi-Region primary"
  multi_region        = true
  enable_key_rotation = true
}

resource "aws_kms_replica_key" "replica" {
  description     = "Replica in the second region"
  primary_key_arn = aws_kms_key.primary.arn
}

resource "aws_kms_key" "workspace" {
  description         = "Rotation chosen per workspace"
  enable_key_rotation = var.rotate_keys
}

module "table_key" {
  source = "./modules/key"
  name   = "orders"
}
