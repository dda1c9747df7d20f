# Near misses: a public URL on a narrow role, an administrator behind an
# IAM-signed URL, behind a JWT-protected route, behind a bucket whose public
# policy RestrictPublicBuckets neutralises (bucket.tf), and one only an SNS
# topic of this configuration may invoke; and a public URL whose role reads a
# secret named by a variable without default (not assessed).
variable "archive_secret_arn" {
  type = string
}

locals {
  functions = toset(["lookup", "ops", "admin", "fanout", "archive"])
}

resource "aws_iam_role" "fn" {
  for_each = local.functions
  name     = "portal-${each.key}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "fn" {
  for_each      = local.functions
  function_name = "portal-${each.key}"
  role          = aws_iam_role.fn[each.key].arn
  runtime       = "python3.12"
  handler       = "${each.key}.handler"
  filename      = "dist/${each.key}.zip"
}

resource "aws_dynamodb_table" "profiles" {
  name         = "profiles"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

data "aws_iam_policy_document" "lookup" {
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.profiles.arn]
  }
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/app"
      values   = ["portal"]
    }
  }
}

resource "aws_iam_role_policy" "lookup" {
  name   = "profiles"
  role   = aws_iam_role.fn["lookup"].id
  policy = data.aws_iam_policy_document.lookup.json
}

resource "aws_lambda_function_url" "lookup" {
  function_name      = aws_lambda_function.fn["lookup"].function_name
  authorization_type = "NONE"
}

resource "aws_iam_role_policy_attachment" "admin" {
  for_each   = toset(["ops", "admin", "fanout"])
  role       = aws_iam_role.fn[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambda_function_url" "ops" {
  function_name      = aws_lambda_function.fn["ops"].function_name
  authorization_type = "AWS_IAM"
}

resource "aws_iam_role_policy" "archive" {
  name = "archive"
  role = aws_iam_role.fn["archive"].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = var.archive_secret_arn }]
  })
}

resource "aws_lambda_function_url" "archive" {
  function_name      = aws_lambda_function.fn["archive"].function_name
  authorization_type = "NONE"
}
