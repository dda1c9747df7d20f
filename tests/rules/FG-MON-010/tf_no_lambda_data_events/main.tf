# No trail records Lambda invocations: one records S3 object events only,
# one management events only, and the one selecting Lambda data events is
# not logging.
resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  role          = "arn:aws:iam::123456789012:role/ingest"
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "dist/ingest.zip"
}

resource "aws_cloudtrail" "objects" {
  name                  = "objects"
  s3_bucket_name        = "acme-trail-logs"
  is_multi_region_trail = true

  event_selector { # expect: FG-MON-010 aws_cloudtrail.objects
    read_write_type           = "WriteOnly"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::acme-uploads/"]
    }
  }
}

resource "aws_cloudtrail" "management" { # expect: FG-MON-010 aws_cloudtrail.management
  name           = "management"
  s3_bucket_name = "acme-trail-logs"
}

resource "aws_cloudtrail" "paused" {
  name           = "lambda-invocations"
  s3_bucket_name = "acme-trail-logs"
  enable_logging = false # expect: FG-MON-010 aws_cloudtrail.paused

  advanced_event_selector {
    name = "Lambda invocations"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
  }
}
