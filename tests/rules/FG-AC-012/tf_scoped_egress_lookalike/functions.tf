resource "aws_lambda_function" "ledger" {
  for_each = {
    post    = aws_security_group.ledger.id
    quiet   = aws_security_group.quiet.id
    proxied = aws_security_group.proxied.id
    shared  = "sg-0123456789abcdef0"
  }

  function_name = "ledger-${each.key}"
  role          = "arn:aws:iam::123456789012:role/ledger-${each.key}"
  runtime       = "java21"
  handler       = "com.acme.Ledger::handle"
  filename      = "build/ledger.zip"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = [each.value]
  }
}
