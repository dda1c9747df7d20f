# Secrets on the AWS-managed aws/secretsmanager key.
locals {
  integrations = ["stripe", "sendgrid"]
}

resource "aws_secretsmanager_secret" "db" { # expect: FG-DP-007 aws_secretsmanager_secret.db
  name        = "billing/prod/db"
  description = "Billing database credentials"
}

resource "aws_secretsmanager_secret" "integration" {
  count       = length(local.integrations)
  name        = "billing/prod/${local.integrations[count.index]}"
  kms_key_id  = "alias/aws/secretsmanager" # expect: FG-DP-007 aws_secretsmanager_secret.integration[0]  # expect: FG-DP-007 aws_secretsmanager_secret.integration[1]
  description = "API key for ${local.integrations[count.index]}"
}
