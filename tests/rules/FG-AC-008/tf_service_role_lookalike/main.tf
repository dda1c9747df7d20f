# Look-alike: managed policies fit for a function (the Lambda service-role
# policies, X-Ray and Insights writers, a read-only policy), a
# customer-managed policy whose name merely ends in FullAccess, an
# AdministratorAccess deployment role no function runs as, and a policy ARN
# from a variable with no default (not assessed, not a finding).
variable "extra_policy_arn" {
  type        = string
  description = "Policy granted to the worker on top of basic execution"
}

locals {
  worker_policies = {
    basic    = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    vpc      = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
    sqs      = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
    xray     = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
    insights = "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy"
    read     = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  }
}

resource "aws_iam_role" "worker" {
  name = "sessions-worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "worker" {
  for_each   = local.worker_policies
  role       = aws_iam_role.worker.name
  policy_arn = each.value
}

resource "aws_iam_policy" "sessions" {
  name = "SessionsFullAccess"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
      Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/sessions"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "sessions" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.sessions.arn
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.worker.name
  policy_arn = var.extra_policy_arn
}

resource "aws_lambda_function" "worker" {
  function_name = "sessions-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "dist/worker.zip"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60708"]
    security_group_ids = ["sg-0a1b2c3d4e5f60708"]
  }
}

resource "aws_iam_role" "deploy" {
  name = "sessions-deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
