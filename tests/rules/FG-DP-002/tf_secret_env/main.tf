# Reporting job with credentials pasted into the configuration.
resource "aws_iam_role" "report" {
  name               = "reports"
  assume_role_policy = data.aws_iam_policy_document.assume.json
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

resource "aws_s3_bucket" "reports" {
  bucket = "reports-prod-123456789012"
}

resource "aws_lambda_function" "report" {
  function_name = "reports"
  role          = aws_iam_role.report.arn
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "build/report.zip"

  environment {
    variables = merge(local.report_env, {
      OUTPUT_BUCKET = aws_s3_bucket.reports.id
      SFTP_PRIVATE_KEY = file("${path.module}/keys/sftp_ed25519") # expect: FG-DP-002 aws_lambda_function.report
    })
  }

  tags = {
    owner           = "analytics"
    "slack-webhook" = "https://hooks.slack.com/services/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" # expect: FG-DP-002 aws_lambda_function.report
  }
}

resource "aws_lambda_function" "sync" {
  for_each      = toset(["eu", "us"])
  function_name = "reports-sync-${each.key}"
  role          = aws_iam_role.report.arn
  runtime       = "python3.12"
  handler       = "sync.handler"
  filename      = "build/sync.zip"

  environment {
    variables = {
      REGION_CODE = each.key
      DB_PASSWORD = "cnhA5f8mcoyiZZE5" # expect: FG-DP-002 aws_lambda_function.sync["eu"]  # expect: FG-DP-002 aws_lambda_function.sync["us"]
    }
  }
}
