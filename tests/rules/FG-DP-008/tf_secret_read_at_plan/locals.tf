data "aws_ssm_parameter" "smtp" {
  name = "/notifier/prod/smtp/password"
}

locals {
  digest_env = {
    SMTP_HOST     = "email-smtp.eu-west-1.amazonaws.com"
    SMTP_PASSWORD = data.aws_ssm_parameter.smtp.value # expect: FG-DP-008 aws_lambda_function.digest["daily"]  # expect: FG-DP-008 aws_lambda_function.digest["weekly"]
  }
}
