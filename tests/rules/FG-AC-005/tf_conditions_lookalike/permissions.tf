resource "aws_lambda_permission" "any_in_my_account" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.notifier.function_name
  principal      = "*"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "any_in_my_org" {
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.notifier.function_name
  principal        = "*"
  principal_org_id = var.org_id
}

resource "aws_lambda_permission" "receipts" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.notifier.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.receipts.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "topic" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notifier.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.orders.arn
}

resource "aws_lambda_permission" "nightly" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notifier.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}

resource "aws_lambda_permission" "api" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notifier.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/POST/notify"
}

resource "aws_lambda_permission" "scheduler" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notifier.function_name
  principal     = "scheduler.amazonaws.com"
  source_arn    = "arn:aws:scheduler:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:schedule/default/nightly"
}

resource "aws_lambda_permission" "own_account" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notifier.function_name
  principal     = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "partner_in_org" {
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.notifier.function_name
  principal        = "444455556666"
  principal_org_id = var.org_id
}

resource "aws_lambda_permission" "alexa" {
  action             = "lambda:InvokeFunction"
  function_name      = aws_lambda_function.notifier.function_name
  principal          = "alexa-appkit.amazon.com"
  event_source_token = "amzn1.ask.skill.12345678-1234-1234-1234-123456789012"
}

resource "aws_lambda_permission" "url" {
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.notifier.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}
