# Function roles trusted by more than Lambda: Step Functions next to Lambda
# in one principals block, every AWS principal "for debugging", Principal
# "*" narrowed only by an organization condition, and CI through GitHub's
# OIDC provider.
data "aws_iam_policy_document" "worker_trust" {
  statement {
    sid     = "LambdaAndStepFunctions"
    actions = ["sts:AssumeRole"]
    principals { # expect: FG-AC-009 aws_iam_role.worker
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "orders-worker"
  assume_role_policy = data.aws_iam_policy_document.worker_trust.json
}

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "dist/worker.zip"
}

resource "aws_iam_role" "exporter" {
  name = "orders-exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LambdaService"
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
      {
        Sid       = "AnyoneForDebugging"
        Effect    = "Allow"
        Principal = { AWS = "*" } # expect: FG-AC-009 aws_iam_role.exporter
        Action    = ["sts:AssumeRole", "sts:TagSession"]
      },
      {
        Sid       = "WholeOrganization"
        Effect    = "Allow"
        Principal = "*" # expect: FG-AC-009 aws_iam_role.exporter
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_lambda_function" "exporter" {
  function_name = "orders-exporter"
  role          = aws_iam_role.exporter.arn
  runtime       = "python3.12"
  handler       = "exporter.handler"
  filename      = "dist/exporter.zip"
}
