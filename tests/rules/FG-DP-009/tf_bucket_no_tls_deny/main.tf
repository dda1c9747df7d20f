# Upload, export and artefact buckets that accept requests over plain HTTP.
resource "aws_s3_bucket" "uploads" { # expect: FG-DP-009 aws_s3_bucket.uploads
  bucket = "orders-uploads-123456789012"
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports-123456789012"
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "orders-artifacts-123456789012"
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [ # expect: FG-DP-009 aws_s3_bucket.artifacts
      {
        # denies plain HTTP on the bucket only: objects stay reachable
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = aws_s3_bucket.artifacts.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_s3_bucket" "tenant" { # expect: FG-DP-009 aws_s3_bucket.tenant["acme"]  # expect: FG-DP-009 aws_s3_bucket.tenant["globex"]
  for_each = toset(["acme", "globex"])
  bucket   = "orders-tenant-${each.key}"
}
