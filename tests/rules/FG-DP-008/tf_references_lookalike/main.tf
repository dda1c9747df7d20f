# Look-alike: the environment holds secret names and ARNs, and plain settings read from SSM.
variable "api_token" {
  description = "Passed with TF_VAR_api_token"
  type        = string
  sensitive   = true
}

data "aws_secretsmanager_secret" "db" {
  name = "reader/prod/db"
}

data "aws_ssm_parameter" "log_level" {
  name = "/reader/prod/log-level"
}

data "aws_ssm_parameter" "table" {
  name = "/reader/prod/table-name"
}

# the function decrypts the SecureString itself: Terraform only reads the ciphertext
data "aws_ssm_parameter" "smtp_password" {
  name            = "/reader/prod/smtp/password"
  with_decryption = false
}

data "aws_ssm_parameter" "password_policy" {
  name = "/policy/password-min-length"
}

resource "aws_secretsmanager_secret" "api" {
  name       = "reader/prod/api"
  kms_key_id = "alias/reader"
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = var.api_token
}

resource "aws_lambda_function" "reader" {
  function_name = "reader"
  role          = "arn:aws:iam::123456789012:role/reader"
  runtime       = "python3.12"
  handler       = "reader.handler"
  filename      = "build/reader.zip"

  environment {
    variables = {
      DB_SECRET_ARN       = data.aws_secretsmanager_secret.db.arn
      DB_SECRET_NAME      = "reader/prod/db"
      API_SECRET_ARN      = aws_secretsmanager_secret.api.arn
      API_SECRET_VERSION  = aws_secretsmanager_secret_version.api.version_id
      LOG_LEVEL           = data.aws_ssm_parameter.log_level.value
      TABLE_NAME          = data.aws_ssm_parameter.table.value
      PASSWORD_MIN_LENGTH = data.aws_ssm_parameter.password_policy.value
      SMTP_PASSWORD_PARAM = "/reader/prod/smtp/password"
      SMTP_PASSWORD       = data.aws_ssm_parameter.smtp_password.value
    }
  }
}
