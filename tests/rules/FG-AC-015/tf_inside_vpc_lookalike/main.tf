# Look-alikes: a function in the VPC, the RDS Data API by ARN, a public OpenSearch domain,
# and a host name from a variable without default.
variable "subnet_ids" {
  type = list(string)
}

variable "db_host" {
  type = string
}

resource "aws_rds_cluster" "main" {
  engine               = "aurora-postgresql"
  enable_http_endpoint = true
  master_username      = "postgres"
}

resource "aws_opensearch_domain" "public" {
  domain_name = "catalog"
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "data"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = ["rds-data:ExecuteStatement"], Resource = aws_rds_cluster.main.arn },
        { Effect = "Allow", Action = ["es:ESHttpGet"], Resource = "${aws_opensearch_domain.public.arn}/*" },
      ]
    })
  }
}

resource "aws_lambda_function" "data_api" {
  function_name = "data-api"
  role          = aws_iam_role.app.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"

  environment {
    variables = {
      CLUSTER_ARN = aws_rds_cluster.main.arn
      SEARCH      = aws_opensearch_domain.public.endpoint
      DB_HOST     = var.db_host
    }
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::111122223333:role/worker"
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "worker.zip"

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  environment {
    variables = {
      DB_HOST = aws_rds_cluster.main.endpoint
    }
  }
}
