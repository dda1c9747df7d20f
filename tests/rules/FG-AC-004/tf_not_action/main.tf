# Support tooling: "everything but IAM" in a customer-managed policy, and an
# inline policy that allows deletes everywhere but the audit bucket.
resource "aws_iam_role" "support" {
  name = "support-tools"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "cleanup"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect      = "Allow"
        Action      = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
        NotResource = "arn:aws:s3:::support-audit/*" # expect: FG-AC-004 aws_iam_role.support
      }]
    })
  }
}

resource "aws_lambda_function" "support" {
  function_name = "support-tools"
  role          = aws_iam_role.support.arn
  runtime       = "python3.12"
  handler       = "support.handler"
  filename      = "dist/support.zip"
  timeout       = 60
}

resource "aws_iam_policy_attachment" "power" {
  name       = "support-power"
  roles      = [aws_iam_role.support.name]
  policy_arn = aws_iam_policy.power.arn
}
