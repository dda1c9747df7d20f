resource "aws_iam_role_policy" "orders" {
  name = "orders-access"
  role = aws_iam_role.processor.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "TableAccess"
        Effect   = "Allow"
        Action   = "dynamodb:*" # expect: FG-AC-001 aws_iam_role.processor
        Resource = aws_dynamodb_table.orders.arn
      },
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:*:*:log-group:/aws/lambda/${local.name}:*"
      },
    ]
  })
}

# A customer-managed policy attached by ARN belongs to the role as well.
data "aws_iam_policy_document" "reports" {
  statement {
    sid       = "Exports"
    actions   = ["s3:GetObject", "s3:*"] # expect: FG-AC-001 aws_iam_role.processor
    resources = ["arn:aws:s3:::orders-exports/*"]
  }
}

resource "aws_iam_policy" "reports" {
  name   = "orders-reports"
  policy = data.aws_iam_policy_document.reports.json
}

resource "aws_iam_role_policy_attachment" "reports" {
  role       = aws_iam_role.processor.name
  policy_arn = aws_iam_policy.reports.arn
}

