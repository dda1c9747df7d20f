# One function with its own role; the caller hands in the role's permissions.
variable "name" {
  type = string
}

variable "policy_json" {
  type        = string
  description = "IAM policy document for the function's role"
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

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-access"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = aws_iam_role.this.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "dist/${var.name}.zip"
}

output "function_arn" {
  value = aws_lambda_function.this.arn
}
