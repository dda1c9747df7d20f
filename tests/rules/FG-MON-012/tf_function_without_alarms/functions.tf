# One function has an Errors alarm but none on Throttles; another has no
# alarm at all (its alarm watches a different function's name).
resource "aws_lambda_function" "checkout" { # expect: FG-MON-012 aws_lambda_function.checkout
  function_name = "checkout"
  role          = "arn:aws:iam::123456789012:role/checkout"
  runtime       = "java21"
  handler       = "shop.Checkout::handleRequest"
  filename      = "build/checkout.jar"
}

resource "aws_lambda_function" "emails" { # expect: FG-MON-012 aws_lambda_function.emails
  function_name = "emails-v2"
  role          = "arn:aws:iam::123456789012:role/emails"
  runtime       = "java21"
  handler       = "shop.Emails::handleRequest"
  filename      = "build/emails.jar"
}
