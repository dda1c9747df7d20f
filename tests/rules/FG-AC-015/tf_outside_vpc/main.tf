# Functions outside any VPC that reach an RDS instance, an MSK cluster and a VPC OpenSearch domain.
resource "aws_db_instance" "orders" {
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "postgres"
  manage_master_user_password = true
}

resource "aws_opensearch_domain" "logs" {
  domain_name = "logs"
  vpc_options {
    subnet_ids         = ["subnet-0aaa1111bbbb2222c"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "orders" { # expect: FG-AC-015 aws_lambda_function.orders
  function_name = "orders"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "orders.handler"
  filename      = "orders.zip"

  environment {
    variables = {
      DB_HOST = aws_db_instance.orders.address
      DB_URL  = "postgresql://app@${aws_db_instance.orders.endpoint}/orders"
    }
  }
}

resource "aws_iam_role" "shipper" {
  name = "log-shipper"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

data "aws_iam_policy_document" "shipper" {
  statement {
    actions   = ["kafka-cluster:Connect", "kafka-cluster:WriteData", "kafka-cluster:DescribeTopic"]
    resources = ["*"]
  }
  statement {
    actions   = ["es:ESHttpPost", "es:ESHttpPut"]
    resources = ["${aws_opensearch_domain.logs.arn}/*"]
  }
}

resource "aws_iam_role_policy" "shipper" {
  role   = aws_iam_role.shipper.id
  policy = data.aws_iam_policy_document.shipper.json
}

resource "aws_lambda_function" "shipper" { # expect: FG-AC-015 aws_lambda_function.shipper
  function_name = "log-shipper"
  role          = aws_iam_role.shipper.arn
  runtime       = "nodejs20.x"
  handler       = "ship.handler"
  filename      = "ship.zip"
}
