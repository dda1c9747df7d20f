resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "fix_prod" {
  name = "fix-prod"
  role = aws_iam_role.break_glass.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = "iam:*" # expect: FG-AC-011 aws_iam_role.break_glass
      Resource  = "*"
    }]
  })
}

resource "aws_iam_user" "releasers" {
  for_each = toset(["ana", "ben"])
  name     = each.key
}

resource "aws_iam_user_policy" "release" {
  for_each = aws_iam_user.releasers
  name     = "release"
  user     = each.value.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:UpdateAlias", "lambda:PutFunctionConcurrency"] # expect: FG-AC-011 aws_iam_user.releasers["ana"] # expect: FG-AC-011 aws_iam_user.releasers["ben"]
        Resource = "*"
      },
      {
        Effect    = "Deny"
        Action    = "lambda:*"
        Resource  = "*"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
      },
    ]
  })
}
