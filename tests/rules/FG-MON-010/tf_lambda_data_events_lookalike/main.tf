# Look-alike: one trail records Lambda data events (a basic data_resource
# selector), which covers the configuration; the other trail records
# management events only.
resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  role          = "arn:aws:iam::123456789012:role/ingest"
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "dist/ingest.zip"
}

resource "aws_cloudtrail" "management" {
  name                  = "management"
  s3_bucket_name        = "acme-trail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "lambda" {
  name           = "lambda-invocations"
  s3_bucket_name = "acme-trail-logs"

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}
