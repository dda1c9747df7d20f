# Three public functions with far-reaching roles: an exporter behind a public
# function URL running as an administrator, an importer behind an HTTP API
# route without authorization that writes every DynamoDB table, and a
# scheduler any account's EventBridge rules may invoke, whose role can start
# instances with any role.
locals {
  functions = toset(["export", "import", "scheduler"])
}

resource "aws_iam_role" "fn" {
  for_each = local.functions
  name     = "media-${each.key}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "fn" {
  for_each      = local.functions
  function_name = "media-${each.key}"
  role          = aws_iam_role.fn[each.key].arn
  runtime       = "python3.12"
  handler       = "${each.key}.handler"
  filename      = "dist/${each.key}.zip"
}

resource "aws_iam_role_policy_attachment" "export_admin" {
  role       = aws_iam_role.fn["export"].name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambda_function_url" "export" {
  function_name      = aws_lambda_function.fn["export"].function_name
  authorization_type = "NONE" # expect: FG-AC-014 aws_lambda_function.fn["export"]
}
