# The password key of the decoded secret lands in a plain variable.
data "aws_secretsmanager_secret_version" "db" {
  secret_id = "prod/db"
}

locals {
  db = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}

resource "aws_lambda_function" "reader" {
  function_name = "reader"
  role          = "arn:aws:iam::123456789012:role/reader"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "reader.zip"
  environment {
    variables = {
      DB_USER     = local.db.username
      DB_PASSWORD = local.db["password"] # expect: FG-DP-008 aws_lambda_function.reader
    }
  }
}
