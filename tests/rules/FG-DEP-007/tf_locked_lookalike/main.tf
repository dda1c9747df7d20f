data "archive_file" "renderer" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/renderer.zip"
}

resource "aws_lambda_function" "renderer" {
  function_name = "renderer"
  role          = "arn:aws:iam::123456789012:role/renderer"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = data.archive_file.renderer.output_path
}
