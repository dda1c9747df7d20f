data "aws_iam_policy_document" "tagger" {
  statement {
    actions   = ["iam:TagRole", "iam:ListRoles"]
    resources = ["*"]
  }

  statement {
    actions   = ["iam:AttachRolePolicy"] # expect: FG-AC-010 aws_iam_role.fn["tagger"]
    resources = ["arn:aws:iam::${local.account_id}:role/*"]
  }
}

resource "aws_iam_role_policy" "tagger" {
  name   = "tag-roles"
  role   = aws_iam_role.fn["tagger"].id
  policy = data.aws_iam_policy_document.tagger.json
}

resource "aws_iam_role_policy" "launcher" {
  name = "launch-jobs"
  role = aws_iam_role.fn["launcher"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:CreateFunction", "lambda:InvokeFunction"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole" # expect: FG-AC-010 aws_iam_role.fn["launcher"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "selfedit" {
  name = "self-edit"
  role = aws_iam_role.fn["selfedit"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:PutRolePolicy" # expect: FG-AC-010 aws_iam_role.fn["selfedit"]
      Resource = aws_iam_role.fn["selfedit"].arn
    }]
  })
}
