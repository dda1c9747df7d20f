resource "aws_iam_policy" "boundary" {
  name = "jobs-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:*", "sqs:*", "logs:*"], Resource = "*" },
    ]
  })
}

resource "aws_iam_role" "rotator" {
  name                 = "jobs-rotator"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy" "rotator" {
  name = "rotator"
  role = aws_iam_role.rotator.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:*", Resource = "*" },
    ]
  })
}

resource "aws_lambda_function" "rotator" {
  function_name = "jobs-rotator"
  role          = aws_iam_role.rotator.arn
  runtime       = "python3.12"
  handler       = "rotator.handler"
  filename      = "dist/rotator.zip"
}

resource "aws_iam_role" "syncer" {
  name               = "jobs-syncer"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "syncer" {
  name = "syncer"
  role = aws_iam_role.syncer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:PutRolePolicy", Resource = var.managed_role_arn },
    ]
  })
}

resource "aws_lambda_function" "syncer" {
  function_name = "jobs-syncer"
  role          = aws_iam_role.syncer.arn
  runtime       = "python3.12"
  handler       = "syncer.handler"
  filename      = "dist/syncer.zip"
}

resource "aws_iam_role" "pipeline" {
  name = "jobs-pipeline"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codepipeline.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "pipeline" {
  role = aws_iam_role.pipeline.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:*", "cloudformation:*"], Resource = "*" }]
  })
}
