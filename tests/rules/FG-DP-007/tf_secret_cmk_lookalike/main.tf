# Look-alike: secrets encrypted with customer-managed keys, or a key chosen elsewhere.
variable "secrets_key_arn" {
  description = "Platform secrets key (set per workspace)"
  type        = string
}

resource "aws_kms_key" "secrets" {
  description         = "Billing secrets"
  enable_key_rotation = true
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/billing-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

data "aws_kms_key" "platform" {
  key_id = "alias/platform-secrets"
}

resource "aws_secretsmanager_secret" "db" {
  name       = "billing/prod/db"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret" "stripe" {
  name       = "billing/prod/stripe"
  kms_key_id = aws_kms_alias.secrets.name
}

resource "aws_secretsmanager_secret" "sendgrid" {
  name       = "billing/prod/sendgrid"
  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/2f4b7c1e-9d3a-4e5f-8a6b-0c1d2e3f4a5b"
}

resource "aws_secretsmanager_secret" "platform" {
  name       = "billing/prod/platform"
  kms_key_id = data.aws_kms_key.platform.arn
}

resource "aws_secretsmanager_secret" "workspace" {
  name       = "billing/prod/workspace"
  kms_key_id = var.secrets_key_arn
}
