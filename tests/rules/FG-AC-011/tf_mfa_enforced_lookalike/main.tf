# Look-alike: people hold Lambda admin actions but MFA is required - on the
# Allow (Bool, MultiFactorAuthAge), by a BoolIfExists Deny attached to the
# user's group as a separate managed policy, in the trust policy of a role -
# and principals that are not people (a function role, a GitHub Actions
# deploy role, a role trusted by another role). The contractor's policy
# comes from a variable with no default (not assessed, not a finding).
variable "contractor_policy" {
  type        = string
  description = "JSON policy for the contractor account"
}

data "aws_caller_identity" "current" {}

resource "aws_iam_user" "admin" {
  name = "admin"
}

resource "aws_iam_user_policy" "admin" {
  name = "admin-with-mfa"
  user = aws_iam_user.admin.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "*"
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

data "aws_iam_policy_document" "recent_mfa" {
  statement {
    actions   = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"]
    resources = ["*"]
    condition {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = ["3600"]
    }
  }
}

resource "aws_iam_user" "hotfix" {
  name = "hotfix"
}

resource "aws_iam_user_policy" "hotfix" {
  name   = "recent-mfa"
  user   = aws_iam_user.hotfix.name
  policy = data.aws_iam_policy_document.recent_mfa.json
}

resource "aws_iam_group" "engineers" {
  name = "engineers"
}

resource "aws_iam_group_policy_attachment" "engineers_lambda" {
  group      = aws_iam_group.engineers.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess"
}

resource "aws_iam_policy" "force_mfa" {
  name = "force-mfa"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyWithoutMfa"
      Effect    = "Deny"
      NotAction = ["iam:ListMFADevices", "iam:EnableMFADevice", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}

resource "aws_iam_group_policy_attachment" "engineers_mfa" {
  group      = aws_iam_group.engineers.name
  policy_arn = aws_iam_policy.force_mfa.arn
}

resource "aws_iam_user" "carol" {
  name = "carol"
}

resource "aws_iam_user_group_membership" "carol" {
  user   = aws_iam_user.carol.name
  groups = [aws_iam_group.engineers.name]
}

resource "aws_iam_user_policy" "carol" {
  name = "own-functions"
  user = aws_iam_user.carol.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "*" }]
  })
}

resource "aws_iam_user" "contractor" {
  name = "contractor"
}

resource "aws_iam_user_policy" "contractor" {
  name   = "contractor"
  user   = aws_iam_user.contractor.name
  policy = var.contractor_policy
}
