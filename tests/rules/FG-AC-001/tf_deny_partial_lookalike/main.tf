# Look-alike: wildcards only in Deny guard rails, partial patterns (s3:Get*),
# a NotAction statement (FG-AC-004's), a permissions boundary (a ceiling, not
# a grant), an admin role no function uses, a debug function switched off by
# count, and an action from a variable with no default (unknown, not a finding).
variable "extra_action" {
  type = string
}

variable "enable_debug" {
  type    = bool
  default = false
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "boundary" {
  name = "team-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = ["iam:*", "organizations:*"], Resource = "*" },
    ]
  })
}

resource "aws_iam_role" "reports" {
  name                 = "reports"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.reports.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "read" {
  name   = "read-reports"
  role   = aws_iam_role.reports.id
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ReadReports",
          "Effect": "Allow",
          "Action": ["s3:Get*", "s3:List*", "s3:*Object"],
          "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
        }
      ]
    }
  JSON
}

data "aws_iam_policy_document" "guard_rails" {
  statement {
    sid       = "NeverTouchIam"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = ["*"]
  }

  statement {
    sid       = "StayInRegion"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }

  statement {
    sid         = "EverythingButIam"
    not_actions = ["iam:*"]
    resources   = ["arn:aws:s3:::reports"]
  }

  statement {
    sid       = "Configurable"
    actions   = ["kinesis:GetRecords", var.extra_action]
    resources = ["arn:aws:kinesis:eu-west-1:123456789012:stream/ingest"]
  }
}

resource "aws_iam_role_policy" "guard_rails" {
  name   = "guard-rails"
  role   = aws_iam_role.reports.id
  policy = data.aws_iam_policy_document.guard_rails.json
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = aws_iam_role.reports.arn
  runtime       = "python3.12"
  handler       = "reports.handler"
  filename      = "dist/reports.zip"
}

# A deployment role used by no function: not a function role.
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })

  inline_policy {
    name = "deploy"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    })
  }
}

resource "aws_iam_role" "debug" {
  count              = var.enable_debug ? 1 : 0
  name               = "debug"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "debug" {
  count  = var.enable_debug ? 1 : 0
  role   = aws_iam_role.debug[0].id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_lambda_function" "debug" {
  count         = var.enable_debug ? 1 : 0
  function_name = "debug"
  role          = aws_iam_role.debug[0].arn
  runtime       = "python3.12"
  handler       = "debug.handler"
  filename      = "dist/debug.zip"
}
