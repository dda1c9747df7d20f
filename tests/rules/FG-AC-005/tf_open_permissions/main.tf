# Image ingest: the S3 permission names the bucket but not the account
# (bucket ARNs carry none), the scheduler permissions name no source at all,
# and the IAM-authenticated function URL is opened to every AWS account.
resource "aws_iam_role" "ingest" {
  name = "image-ingest"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_lambda_function" "ingest" {
  function_name = "image-ingest"
  role          = aws_iam_role.ingest.arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "dist/ingest.zip"
  layers        = [aws_lambda_layer_version.imaging.arn]
}

resource "aws_s3_bucket" "images" {
  bucket = "acme-images-upload"
}

resource "aws_s3_bucket_notification" "images" {
  bucket = aws_s3_bucket.images.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.ingest.arn
    events              = ["s3:ObjectCreated:*"]
  }

  depends_on = [aws_lambda_permission.images]
}

resource "aws_lambda_permission" "images" {
  statement_id  = "AllowS3Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.ingest.function_name
  principal     = "s3.amazonaws.com" # expect: FG-AC-005 aws_lambda_permission.images
  source_arn    = aws_s3_bucket.images.arn
}

resource "aws_lambda_permission" "schedulers" {
  for_each = toset(["events.amazonaws.com", "scheduler.amazonaws.com"])

  statement_id_prefix = "schedule-"
  action              = "lambda:InvokeFunction"
  function_name       = aws_lambda_function.ingest.arn
  principal           = each.value # expect: FG-AC-005 aws_lambda_permission.schedulers["events.amazonaws.com"] # expect: FG-AC-005 aws_lambda_permission.schedulers["scheduler.amazonaws.com"]
}

resource "aws_lambda_function_url" "ingest" {
  function_name      = aws_lambda_function.ingest.function_name
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_permission" "url_any_account" {
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.ingest.function_name
  principal              = "*" # expect: FG-AC-005 aws_lambda_permission.url_any_account
  function_url_auth_type = "AWS_IAM"
}
