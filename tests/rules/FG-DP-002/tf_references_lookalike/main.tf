# Look-alike: secrets referenced by name or ARN, passed as sensitive variables,
# or built from resources; names that mention passwords and tokens hold none.
variable "db_password" {
  description = "Master password, passed with TF_VAR_db_password"
  type        = string
  sensitive   = true
}

variable "stage" {
  type    = string
  default = "prod"
}

resource "random_password" "session" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "db" {
  name       = "payments/${var.stage}/db"
  kms_key_id = "alias/payments"
}

resource "aws_db_instance" "payments" {
  identifier          = "payments-${var.stage}"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "payments"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_lambda_function" "charge" {
  function_name = "payments-charge"
  role          = "arn:aws:iam::123456789012:role/payments"
  runtime       = "python3.12"
  handler       = "charge.handler"
  filename      = "build/charge.zip"

  environment {
    variables = {
      DB_SECRET_ARN          = aws_secretsmanager_secret.db.arn
      DB_SECRET_NAME         = aws_secretsmanager_secret.db.name
      MASTER_PASSWORD        = var.db_password
      SESSION_SECRET         = random_password.session.result
      DATABASE_URL           = "postgresql://payments@${aws_db_instance.payments.address}:5432/payments"
      DB_PASSWORD_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/prod/db-AbCdEf"
      GITHUB_TOKEN_PARAM     = "/ci/github/token"
      PRIVATE_KEY_PATH       = "/opt/keys/signing.pem"
      TOKEN_ENDPOINT         = "https://auth.example.org/oauth2/token"
      STRIPE_PUBLISHABLE_KEY = "pk_live_51HqLyjWDarjtT1zdp7dcXrQv2YgC8"
      ENABLE_PASSWORD_RESET  = "true"
      TOKEN_TTL_SECONDS      = 3600
      API_KEY                = "changeme"
      ADMIN_PASSWORD         = "<set-me-in-console>"
      CLIENT_SECRET          = ""
      SESSION_TOKEN          = "$${SESSION_TOKEN}"
    }
  }

  tags = {
    DataClassification = "secret"
    "password-rotation" = "quarterly"
    "token-owner"       = "payments-team"
  }
}
