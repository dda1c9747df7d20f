# People who can change functions without MFA: a user with an inline grant,
# a group with lambda:*, a user holding AWSLambda_FullAccess, a role the
# account's users assume without MFA, and release managers whose MFA Deny
# uses Bool (long-term access keys slip past it).
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_iam_user" "deployer" {
  name = "deployer"
}

data "aws_iam_policy_document" "ship_code" {
  statement {
    actions = [ # expect: FG-AC-011 aws_iam_user.deployer
      "lambda:UpdateFunctionCode",
      "lambda:PublishVersion",
    ]
    resources = ["arn:aws:lambda:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:function:orders-*"]
  }
}

resource "aws_iam_user_policy" "ship_code" {
  name   = "ship-code"
  user   = aws_iam_user.deployer.name
  policy = data.aws_iam_policy_document.ship_code.json
}

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy" "lambda_admin" {
  name  = "lambda-admin"
  group = aws_iam_group.developers.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:*" # expect: FG-AC-011 aws_iam_group.developers
      Resource = "*"
    }]
  })
}

resource "aws_iam_user" "operator" {
  name = "operator"
}

resource "aws_iam_user_policy_attachment" "operator" {
  user       = aws_iam_user.operator.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess" # expect: FG-AC-011 aws_iam_user.operator
}
