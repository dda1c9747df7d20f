# Look-alike: images pinned by digest, zip functions, and an image chosen per deployment.
variable "image_uri" {
  description = "Written by the build pipeline"
  type        = string
}

data "aws_ecr_image" "render" {
  repository_name = "render"
  image_tag       = "1.4.0"
}

resource "aws_ecr_repository" "render" {
  name                 = "render"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_lambda_function" "render" {
  function_name = "render"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.render.repository_url}@sha256:4f5a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
}

resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/thumbnail@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
}

resource "aws_lambda_function" "resolved" {
  function_name = "render-resolved"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/render@${data.aws_ecr_image.render.image_digest}"
}

resource "aws_lambda_function" "pipeline" {
  function_name = "render-pipeline"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = var.image_uri
}

resource "aws_lambda_function" "zip" {
  function_name = "render-zip"
  role          = "arn:aws:iam::123456789012:role/render"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/render.zip"
}
