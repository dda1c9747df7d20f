# Service credentials that never rotate; only the database secret has a schedule.
resource "aws_kms_key" "secrets" {
  description         = "Secrets"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "partner_api" { # expect: FG-DP-006 aws_secretsmanager_secret.partner_api
  name       = "orders/prod/partner-api"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret" "service" { # expect: FG-DP-006 aws_secretsmanager_secret.service["mailer"]
  for_each   = toset(["db", "mailer"])
  name       = "orders/prod/${each.key}"
  kms_key_id = aws_kms_key.secrets.arn
}
