# A public function URL (authorization NONE) on one of two for_each instances.
resource "aws_iam_role" "links" {
  name = "links"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "fn" {
  for_each      = toset(["redirect", "stats"])
  function_name = "links-${each.key}"
  role          = aws_iam_role.links.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/${each.key}.zip"
}

resource "aws_lambda_function_url" "redirect" {
  function_name      = aws_lambda_function.fn["redirect"].function_name
  authorization_type = "NONE" # expect: FG-AC-006 aws_lambda_function.fn["redirect"]
}
