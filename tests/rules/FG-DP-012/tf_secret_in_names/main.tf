# Credentials pasted into resource names and tag keys.
data "aws_region" "current" {}

resource "aws_iam_role" "worker" {
  name = "worker-AKIAQWGIGSUMZHDOZ2XZ-${data.aws_region.current.name}" # expect: FG-DP-012 aws_iam_role.worker
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "ingest" {
  function_name = "ingest-AKIAQWGIGSUMZHDOZ2XZ" # expect: FG-DP-012 aws_lambda_function.ingest
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "build/ingest.zip"

  tags = {
    team                               = "data"
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc" = "billing" # expect: FG-DP-012 aws_lambda_function.ingest
  }
}

resource "aws_cloudwatch_log_group" "ingest" {
  name              = "/acme/xoxb-2384729384-2384729384123-AbCdEfGhIjKlMnOpQrStUvWx" # expect: FG-DP-012 aws_cloudwatch_log_group.ingest
  retention_in_days = 30
}

resource "aws_iam_user" "deployer" {
  count = 1
  name  = "deploy-AKIAQWGIGSUMZHDOZ2XZ" # expect: FG-DP-012 aws_iam_user.deployer[0]
}
