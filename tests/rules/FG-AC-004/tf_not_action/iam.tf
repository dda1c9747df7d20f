data "aws_iam_policy_document" "power" {
  statement {
    sid         = "EverythingButIdentity"
    effect      = "Allow"
    not_actions = ["iam:*", "organizations:*", "account:*"] # expect: FG-AC-004 aws_iam_role.support
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "power" {
  name        = "support-power"
  description = "Power user for the support tooling"
  policy      = data.aws_iam_policy_document.power.json
}
