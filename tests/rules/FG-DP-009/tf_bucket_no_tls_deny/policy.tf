# An Allow limited to HTTPS does not stop other grants from working over HTTP.
data "aws_iam_policy_document" "exports" {
  statement { # expect: FG-DP-009 aws_s3_bucket.exports
    sid     = "ReportingReadsOverTls"
    actions = ["s3:GetObject"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/reporting"]
    }
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }

  statement {
    sid       = "DenyDeletes"
    effect    = "Deny"
    actions   = ["s3:DeleteObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.bucket
  policy = data.aws_iam_policy_document.exports.json
}
