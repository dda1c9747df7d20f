# Secrets read by Terraform and written into the function's environment in plain text.
data "aws_secretsmanager_secret_version" "db" {
  secret_id = "notifier/prod/db"
}

data "aws_ssm_parameter" "slack_token" {
  name = "/notifier/prod/slack-token"
}

data "aws_ssm_parameter" "channel" {
  name = "/notifier/prod/channel"
}

resource "random_password" "webhook" {
  length = 40
}

resource "aws_secretsmanager_secret" "webhook" {
  name       = "notifier/prod/webhook"
  kms_key_id = "alias/notifier"
}

resource "aws_secretsmanager_secret_version" "webhook" {
  secret_id     = aws_secretsmanager_secret.webhook.id
  secret_string = random_password.webhook.result
}

resource "aws_lambda_function" "send" {
  function_name = "notifier-send"
  role          = "arn:aws:iam::123456789012:role/notifier"
  runtime       = "nodejs20.x"
  handler       = "send.handler"
  filename      = "build/send.zip"

  environment {
    variables = {
      CHANNEL        = data.aws_ssm_parameter.channel.value
      SLACK_TOKEN    = data.aws_ssm_parameter.slack_token.value # expect: FG-DP-008 aws_lambda_function.send
      DB_CREDENTIALS = data.aws_secretsmanager_secret_version.db.secret_string # expect: FG-DP-008 aws_lambda_function.send
      WEBHOOK_SECRET = aws_secretsmanager_secret_version.webhook.secret_string # expect: FG-DP-008 aws_lambda_function.send
    }
  }
}

resource "aws_lambda_function" "digest" {
  for_each      = toset(["daily", "weekly"])
  function_name = "notifier-digest-${each.key}"
  role          = "arn:aws:iam::123456789012:role/notifier"
  runtime       = "nodejs20.x"
  handler       = "digest.handler"
  filename      = "build/digest.zip"

  environment {
    variables = local.digest_env
  }
}
