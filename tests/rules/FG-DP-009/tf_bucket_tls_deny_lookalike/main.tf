# Look-alike: every bucket denies plain HTTP (policy document, jsonencode, heredoc JSON),
# a static website bucket (its endpoint only speaks HTTP), and a policy chosen per workspace.
variable "archive_policy_json" {
  description = "Bucket policy supplied by the platform team"
  type        = string
}

resource "aws_s3_bucket" "data" {
  bucket = "billing-data-123456789012"
}

data "aws_iam_policy_document" "data" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [
      aws_s3_bucket.data.arn,
      "${aws_s3_bucket.data.arn}/*",
    ]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
    # an extra condition narrowing the deny is not judged
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalServiceName"
      values   = ["cloudfront.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data.json
}

resource "aws_s3_bucket" "logs" {
  bucket = "billing-logs-123456789012"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Deny",
          "Principal": {"AWS": ["*"]},
          "Action": "s3:*",
          "Resource": "arn:aws:s3:::billing-logs-123456789012/*",
          "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
        }
      ]
    }
  JSON
}

resource "aws_s3_bucket" "tenant" {
  for_each = toset(["acme", "globex"])
  bucket   = "billing-tenant-${each.key}"
}

resource "aws_s3_bucket_policy" "tenant" {
  for_each = aws_s3_bucket.tenant
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:*"]
      Resource  = [each.value.arn, "${each.value.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = false } }
    }]
  })
}

resource "aws_s3_bucket" "site" {
  bucket = "billing-status-page"
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
}

resource "aws_s3_bucket" "legacy_site" {
  bucket = "billing-legacy-status"
  website {
    index_document = "index.html"
    error_document = "error.html"
  }
}

resource "aws_s3_bucket" "archive" {
  bucket = "billing-archive-123456789012"
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = var.archive_policy_json
}
