# today: 2026-12-04
# Look-alike: runtimes already deprecated (FG-DEP-001's business), runtimes with
# years of support left, an image function, and a runtime chosen per workspace.
variable "runtime" {
  description = "Set per workspace"
  type        = string
}

resource "aws_lambda_function" "legacy" {
  function_name = "storefront-legacy"
  role          = "arn:aws:iam::123456789012:role/storefront"
  runtime       = "python3.9"
  handler       = "app.handler"
  filename      = "build/legacy.zip"
}

resource "aws_lambda_function" "current" {
  for_each      = toset(["python3.13", "nodejs24.x", "java21", "provided.al2023"])
  function_name = "storefront-${replace(each.key, ".", "-")}"
  role          = "arn:aws:iam::123456789012:role/storefront"
  runtime       = each.key
  handler       = "app.handler"
  filename      = "build/current.zip"
}

resource "aws_lambda_function" "render" {
  function_name = "storefront-render"
  role          = "arn:aws:iam::123456789012:role/storefront"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/render@sha256:4f5a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
}

resource "aws_lambda_function" "workspace" {
  function_name = "storefront-workspace"
  role          = "arn:aws:iam::123456789012:role/storefront"
  runtime       = var.runtime
  handler       = "app.handler"
  filename      = "build/workspace.zip"
}
