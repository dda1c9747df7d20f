# Container images referenced by a tag that can be moved.
variable "image_tag" {
  type    = string
  default = "1.4.0"
}

resource "aws_ecr_repository" "render" {
  name                 = "render"
  image_tag_mutability = "MUTABLE"
}

resource "aws_lambda_function" "render" {
  function_name = "render"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.render.repository_url}:${var.image_tag}" # expect: FG-DEP-003 aws_lambda_function.render
  timeout       = 60
}

resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/thumbnail" # expect: FG-DEP-003 aws_lambda_function.thumbnail

  image_config {
    command = ["app.thumbnail"]
  }
}

resource "aws_lambda_function" "worker" {
  for_each      = { ocr = "ocr:latest", pdf = "pdf@sha256:4f5a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a" }
  function_name = "render-${each.key}"
  role          = "arn:aws:iam::123456789012:role/render"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/${each.value}" # expect: FG-DEP-003 aws_lambda_function.worker["ocr"]
}
