# Zip functions deployed without a code signing configuration.
data "archive_file" "ingest" {
  type        = "zip"
  source_dir  = "${path.module}/src/ingest"
  output_path = "${path.module}/build/ingest.zip"
}

resource "aws_lambda_function" "ingest" { # expect: FG-DEP-002 aws_lambda_function.ingest
  function_name    = "ingest"
  role             = "arn:aws:iam::123456789012:role/ingest"
  runtime          = "python3.12"
  handler          = "ingest.handler"
  filename         = data.archive_file.ingest.output_path
  source_code_hash = data.archive_file.ingest.output_base64sha256
}

resource "aws_lambda_function" "worker" { # expect: FG-DEP-002 aws_lambda_function.worker[0]  # expect: FG-DEP-002 aws_lambda_function.worker[1]
  count         = 2
  function_name = "worker-${count.index}"
  role          = "arn:aws:iam::123456789012:role/ingest"
  runtime       = "python3.12"
  handler       = "worker.handler"
  s3_bucket     = "ingest-artifacts"
  s3_key        = "worker/2.4.1.zip"
}
