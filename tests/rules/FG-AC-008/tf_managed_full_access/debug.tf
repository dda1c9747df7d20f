resource "aws_iam_role" "debug" {
  name               = "media-debug"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy_attachment" "debug_admin" {
  role       = aws_iam_role.debug.name
  policy_arn = data.aws_iam_policy.admin.arn # expect: FG-AC-008 aws_iam_role.debug
}

resource "aws_lambda_function" "debug" {
  function_name = "media-debug"
  role          = aws_iam_role.debug.arn
  runtime       = "python3.12"
  handler       = "debug.handler"
  filename      = "dist/debug.zip"
}
