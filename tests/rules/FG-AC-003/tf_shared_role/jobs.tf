resource "aws_lambda_function" "nightly_export" {
  function_name = "nightly-export"
  role          = local.legacy_role_arn # expect: FG-AC-003 aws_lambda_function.nightly_export
  runtime       = "python3.12"
  handler       = "export.handler"
  s3_bucket     = "artifacts-123456789012"
  s3_key        = "jobs/export.zip"
}

resource "aws_lambda_function" "nightly_cleanup" {
  function_name = "nightly-cleanup"
  role          = local.legacy_role_arn # expect: FG-AC-003 aws_lambda_function.nightly_cleanup
  runtime       = "python3.12"
  handler       = "cleanup.handler"
  s3_bucket     = "artifacts-123456789012"
  s3_key        = "jobs/cleanup.zip"
}
