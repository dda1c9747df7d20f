resource "aws_iam_role_policy" "scheduler" {
  name = "launch"
  role = aws_iam_role.fn["scheduler"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ec2:RunInstances", "iam:PassRole"], Resource = "*" },
    ]
  })
}

resource "aws_lambda_permission" "scheduler" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["scheduler"].function_name
  principal     = "events.amazonaws.com" # expect: FG-AC-014 aws_lambda_function.fn["scheduler"]
}
