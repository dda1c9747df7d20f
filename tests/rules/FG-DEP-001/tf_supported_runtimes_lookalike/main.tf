# today: 2026-12-04
# Look-alike: supported runtimes, a container image (it brings its own runtime),
# a layer's compatible runtimes, and a runtime chosen per workspace.
variable "runtime" {
  description = "Set per workspace"
  type        = string
}

resource "aws_lambda_layer_version" "shared" {
  layer_name          = "shared"
  filename            = "build/shared.zip"
  compatible_runtimes = ["python3.8", "python3.12"]
}

resource "aws_lambda_function" "api" {
  function_name = "catalog-api"
  role          = "arn:aws:iam::123456789012:role/catalog"
  runtime       = "python3.13"
  handler       = "api.handler"
  filename      = "build/api.zip"
  layers        = [aws_lambda_layer_version.shared.arn]
}

resource "aws_lambda_function" "web" {
  function_name = "catalog-web"
  role          = "arn:aws:iam::123456789012:role/catalog"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/web.zip"
}

resource "aws_lambda_function" "search" {
  function_name = "catalog-search"
  role          = "arn:aws:iam::123456789012:role/catalog"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/search@sha256:4f5a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
}

resource "aws_lambda_function" "workspace" {
  function_name = "catalog-workspace"
  role          = "arn:aws:iam::123456789012:role/catalog"
  runtime       = var.runtime
  handler       = "index.handler"
  filename      = "build/workspace.zip"
}
