# Two workers from one local module: the export policy they share grants
# s3:PutObject on every bucket; the importer writes to every table.
data "aws_iam_policy_document" "export" {
  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  statement {
    sid       = "Write"
    actions   = ["s3:PutObject", "s3:PutObjectTagging"]
    resources = ["*"] # expect: FG-AC-002 module.workers["export"].aws_iam_role.this
  }
}

module "workers" {
  source      = "./modules/worker"
  for_each    = toset(["export"])
  name        = each.key
  policy_json = data.aws_iam_policy_document.export.json
}

module "importer" {
  source = "./modules/worker"
  name   = "import"
  policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:PutItem", "dynamodb:BatchWriteItem"]
        Resource = "arn:aws:dynamodb:*:*:table/*" # expect: FG-AC-002 module.importer.aws_iam_role.this
      },
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = ["arn:aws:s3:::import-drop/*", "arn:aws:s3:::*/*"] # expect: FG-AC-002 module.importer.aws_iam_role.this
      },
    ]
  })
}
