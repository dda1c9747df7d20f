# Look-alike: every secret has a rotation schedule, found by reference, ARN or name.
variable "rotator_arn" {
  type    = string
  default = "arn:aws:lambda:eu-west-1:123456789012:function:secrets-rotator"
}

resource "aws_secretsmanager_secret" "db" {
  name       = "orders/prod/db"
  kms_key_id = "alias/orders-secrets"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "orders"
    password = "placeholder-rotated-on-first-run"
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret_version.db.secret_id
  rotation_lambda_arn = var.rotator_arn

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "api" {
  name       = "orders/prod/api"
  kms_key_id = "alias/orders-secrets"
}

resource "aws_secretsmanager_secret_rotation" "api" {
  secret_id           = aws_secretsmanager_secret.api.arn
  rotation_lambda_arn = var.rotator_arn

  rotation_rules {
    schedule_expression = "rate(7 days)"
  }
}

resource "aws_secretsmanager_secret" "webhook" {
  name       = "orders/prod/webhook"
  kms_key_id = "alias/orders-secrets"
}

resource "aws_secretsmanager_secret_rotation" "webhook" {
  secret_id           = "orders/prod/webhook"
  rotation_lambda_arn = var.rotator_arn

  rotation_rules {
    automatically_after_days = 90
  }
}

# rotated by a schedule whose secret is chosen per workspace: not assessed, never reported
variable "legacy_secret_id" {
  type = string
}

resource "aws_secretsmanager_secret" "legacy" {
  name       = "orders/prod/legacy"
  kms_key_id = "alias/orders-secrets"
}

resource "aws_secretsmanager_secret_rotation" "legacy" {
  secret_id           = var.legacy_secret_id
  rotation_lambda_arn = var.rotator_arn

  rotation_rules {
    automatically_after_days = 30
  }
}
