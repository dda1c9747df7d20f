# Functions that can take the account's whole concurrency: unset, -1
# (Terraform's "unreserved"), and a per-function map that leaves some out.
locals {
  handlers = {
    thumbnail = { memory = 512, concurrency = 20 }
    watermark = { memory = 1024 }
  }
}

resource "aws_lambda_function" "upload" { # expect: FG-RT-002 aws_lambda_function.upload
  function_name = "media-upload"
  role          = "arn:aws:iam::123456789012:role/media"
  runtime       = "nodejs20.x"
  handler       = "upload.handler"
  filename      = "dist/upload.zip"
}

resource "aws_lambda_function" "scan" {
  function_name                  = "media-scan"
  role                           = "arn:aws:iam::123456789012:role/media"
  runtime                        = "nodejs20.x"
  handler                        = "scan.handler"
  filename                       = "dist/scan.zip"
  reserved_concurrent_executions = -1 # expect: FG-RT-002 aws_lambda_function.scan
}

resource "aws_lambda_function" "process" {
  for_each                       = local.handlers
  function_name                  = "media-${each.key}"
  role                           = "arn:aws:iam::123456789012:role/media"
  runtime                        = "nodejs20.x"
  handler                        = "${each.key}.handler"
  filename                       = "dist/${each.key}.zip"
  memory_size                    = each.value.memory
  reserved_concurrent_executions = lookup(each.value, "concurrency", -1) # expect: FG-RT-002 aws_lambda_function.process["watermark"]
}
