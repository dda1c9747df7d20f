locals {
  functions = {
    api     = aws_security_group.api.id
    worker  = aws_security_group.worker.id
    batch   = aws_security_group.batch.id
    reports = aws_security_group.reports.id
  }
}

resource "aws_lambda_function" "orders" {
  for_each      = local.functions
  function_name = "orders-${each.key}"
  role          = "arn:aws:iam::123456789012:role/orders-${each.key}"
  runtime       = "python3.12"
  handler       = "${each.key}.handler"
  filename      = "dist/${each.key}.zip"

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [each.value]
  }
}
