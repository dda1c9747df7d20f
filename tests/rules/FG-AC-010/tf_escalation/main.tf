# Escalation paths from function roles: an auto-tagger that can attach
# policies to any role, a launcher that passes any role to new functions, a
# role that may rewrite its own inline policy, and an ops role holding the
# AWS-managed IAMFullAccess.
data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  functions  = toset(["tagger", "launcher", "selfedit", "ops"])
}

resource "aws_iam_role" "fn" {
  for_each = local.functions
  name     = "platform-${each.key}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "fn" {
  for_each      = local.functions
  function_name = "platform-${each.key}"
  role          = aws_iam_role.fn[each.key].arn
  runtime       = "python3.12"
  handler       = "${each.key}.handler"
  filename      = "dist/${each.key}.zip"
}

resource "aws_iam_role_policy_attachment" "basic" {
  for_each   = local.functions
  role       = aws_iam_role.fn[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "ops_iam" {
  role       = aws_iam_role.fn["ops"].name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess" # expect: FG-AC-010 aws_iam_role.fn["ops"]
}
