# Functions running layers published by other accounts.
variable "sharp_layer_arn" {
  description = "Community-built sharp layer"
  type        = string
  default     = "arn:aws:lambda:us-east-1:987654321098:layer:sharp-linux-x64:7"
}

data "aws_region" "current" {}

resource "aws_iam_role" "thumbnail" {
  name               = "thumbnail"
  assume_role_policy = file("${path.module}/policies/lambda-trust.json")
}

resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  role          = aws_iam_role.thumbnail.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/thumbnail.zip"
  layers = [
    var.sharp_layer_arn, # expect: FG-DEP-004 aws_lambda_function.thumbnail
    "arn:aws:lambda:${data.aws_region.current.name}:464622532012:layer:Datadog-Node22-x:120", # expect: FG-DEP-004 aws_lambda_function.thumbnail
    "arn:aws:lambda:${data.aws_region.current.name}:580247275435:layer:LambdaInsightsExtension:53",
  ]
}

resource "aws_lambda_function" "resize" {
  count         = 2
  function_name = "resize-${count.index}"
  role          = "arn:aws:iam::123456789012:role/resize"
  runtime       = "nodejs22.x"
  handler       = "resize.handler"
  filename      = "build/resize.zip"
  layers        = ["arn:aws:lambda:eu-west-1:210987654321:layer:imagemagick:3"] # expect: FG-DEP-004 aws_lambda_function.resize[0]  # expect: FG-DEP-004 aws_lambda_function.resize[1]
}
