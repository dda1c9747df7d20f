# Look-alike: an advanced event selector picks Lambda data events next to
# management events; a second trail's selectors come from a variable with no
# default (unknown), which must not be reported either.
variable "extra_selectors" {
  type = list(object({ field = string, equals = list(string) }))
}

resource "aws_lambda_function" "api" {
  for_each      = toset(["orders", "refunds"])
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "dist/${each.key}.zip"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

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

resource "aws_cloudtrail" "team" {
  name           = "team"
  s3_bucket_name = "acme-trail-logs"

  dynamic "advanced_event_selector" {
    for_each = [var.extra_selectors]
    content {
      dynamic "field_selector" {
        for_each = advanced_event_selector.value
        content {
          field  = field_selector.value.field
          equals = field_selector.value.equals
        }
      }
    }
  }
}
