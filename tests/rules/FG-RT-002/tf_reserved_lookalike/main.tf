# Look-alike: reserved concurrency set literally, from a variable default,
# 0 (the function is switched off), and from a variable with no default
# (unknown).
variable "scan_concurrency" {
  type    = number
  default = 5
}

variable "process_concurrency" {
  type = number
}

resource "aws_lambda_function" "upload" {
  function_name                  = "media-upload"
  role                           = "arn:aws:iam::123456789012:role/media"
  runtime                        = "nodejs20.x"
  handler                        = "upload.handler"
  filename                       = "dist/upload.zip"
  reserved_concurrent_executions = 50
}

resource "aws_lambda_function" "scan" {
  function_name                  = "media-scan"
  role                           = "arn:aws:iam::123456789012:role/media"
  runtime                        = "nodejs20.x"
  handler                        = "scan.handler"
  filename                       = "dist/scan.zip"
  reserved_concurrent_executions = var.scan_concurrency
}

resource "aws_lambda_function" "legacy" {
  function_name                  = "media-legacy"
  role                           = "arn:aws:iam::123456789012:role/media"
  runtime                        = "nodejs20.x"
  handler                        = "legacy.handler"
  filename                       = "dist/legacy.zip"
  reserved_concurrent_executions = 0
}

resource "aws_lambda_function" "process" {
  function_name                  = "media-process"
  role                           = "arn:aws:iam::123456789012:role/media"
  runtime                        = "nodejs20.x"
  handler                        = "process.handler"
  filename                       = "dist/process.zip"
  reserved_concurrent_executions = var.process_concurrency
}
