# Functions with tracing PassThrough, unset, or PassThrough outside prod.
variable "environment" {
  type    = string
  default = "staging"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "dist/worker.zip"

  tracing_config { # expect: FG-MON-001 aws_lambda_function.worker
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "reaper" { # expect: FG-MON-001 aws_lambda_function.reaper
  function_name = "reaper"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "reaper.handler"
  filename      = "dist/reaper.zip"
}

resource "aws_lambda_function" "shard" {
  count         = 2
  function_name = "shard-${count.index}"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "shard.handler"
  filename      = "dist/shard.zip"

  tracing_config { # expect: FG-MON-001 aws_lambda_function.shard[0] # expect: FG-MON-001 aws_lambda_function.shard[1]
    mode = var.environment == "prod" ? "Active" : "PassThrough"
  }
}
