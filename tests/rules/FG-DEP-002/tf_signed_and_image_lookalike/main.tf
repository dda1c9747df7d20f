# Look-alike: signed zip functions, a container image (code signing does not apply),
# and a signing configuration chosen per workspace.
variable "code_signing_config_arn" {
  description = "Set per workspace"
  type        = string
}

resource "aws_signer_signing_profile" "lambda" {
  platform_id = "AWSLambda-SHA384-ECDSA"
  name_prefix = "ingest"
}

resource "aws_lambda_code_signing_config" "enforce" {
  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }
  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

resource "aws_lambda_function" "ingest" {
  function_name           = "ingest"
  role                    = "arn:aws:iam::123456789012:role/ingest"
  runtime                 = "python3.12"
  handler                 = "ingest.handler"
  s3_bucket               = "ingest-signed-artifacts"
  s3_key                  = "ingest/1.0.0.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.enforce.arn
}

resource "aws_lambda_function" "worker" {
  for_each                = toset(["a", "b"])
  function_name           = "worker-${each.key}"
  role                    = "arn:aws:iam::123456789012:role/ingest"
  runtime                 = "python3.12"
  handler                 = "worker.handler"
  s3_bucket               = "ingest-signed-artifacts"
  s3_key                  = "worker/1.0.0.zip"
  code_signing_config_arn = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f6a7b8"
}

resource "aws_lambda_function" "render" {
  function_name = "render"
  role          = "arn:aws:iam::123456789012:role/ingest"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/render:1.4.0"
}

resource "aws_lambda_function" "workspace" {
  function_name           = "workspace"
  role                    = "arn:aws:iam::123456789012:role/ingest"
  runtime                 = "python3.12"
  handler                 = "app.handler"
  filename                = "build/workspace.zip"
  code_signing_config_arn = var.code_signing_config_arn
}
