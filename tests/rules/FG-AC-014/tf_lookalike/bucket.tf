# The drop bucket's policy lets anyone put objects, but RestrictPublicBuckets
# limits a public policy to this account's principals and AWS services.
resource "aws_s3_bucket" "drop" {
  bucket = "portal-drop"
}

resource "aws_s3_bucket_public_access_block" "drop" {
  bucket                  = aws_s3_bucket.drop.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "${aws_s3_bucket.drop.arn}/*" }]
  })
}

resource "aws_s3_bucket_notification" "drop" {
  bucket = aws_s3_bucket.drop.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.fn["ops"].arn
    events              = ["s3:ObjectCreated:*"]
  }
}
