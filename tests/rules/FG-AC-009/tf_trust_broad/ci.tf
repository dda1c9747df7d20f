data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "deployer_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals { # expect: FG-AC-009 aws_iam_role.deployer
      type        = "Federated"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/orders:*"]
    }
  }
}

resource "aws_iam_role" "deployer" {
  name               = "orders-deployer"
  assume_role_policy = data.aws_iam_policy_document.deployer_trust.json
}

resource "aws_lambda_function" "deployer" {
  function_name = "orders-deployer"
  role          = aws_iam_role.deployer.arn
  runtime       = "python3.12"
  handler       = "deploy.handler"
  filename      = "dist/deploy.zip"
}
