# Look-alikes: an internal API whose domain asks for client certificates, a public HTTP API,
# and an internal edge-optimized domain (no mutual TLS on edge domains).
variable "certificate_arn" {
  type    = string
  default = "arn:aws:acm:us-east-1:123456789012:certificate/8d2f1c4e-5a6b-4c7d-9e0f-1a2b3c4d5e6f"
}

variable "truststore_version" {
  type = string
}

resource "aws_apigatewayv2_api" "reports" {
  name          = "reports"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "reports" {
  api_id             = aws_apigatewayv2_api.reports.id
  route_key          = "GET /reports"
  authorization_type = "AWS_IAM"
}

resource "aws_apigatewayv2_domain_name" "reports" {
  domain_name = "reports.internal.example.org"
  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  mutual_tls_authentication {
    truststore_uri     = "s3://acme-truststores/reports.pem"
    truststore_version = var.truststore_version
  }
}

resource "aws_apigatewayv2_api_mapping" "reports" {
  api_id      = aws_apigatewayv2_api.reports.id
  domain_name = aws_apigatewayv2_domain_name.reports.id
  stage       = "$default"
}

resource "aws_apigatewayv2_api" "web" {
  name          = "web"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "web" {
  api_id    = aws_apigatewayv2_api.web.id
  route_key = "GET /"
}

resource "aws_apigatewayv2_domain_name" "web" {
  domain_name = "www.example.org"
  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  tags = {
    Tier = "frontend"
  }
}

resource "aws_apigatewayv2_api_mapping" "web" {
  api_id      = aws_apigatewayv2_api.web.id
  domain_name = aws_apigatewayv2_domain_name.web.id
  stage       = "$default"
}

resource "aws_api_gateway_domain_name" "admin" {
  domain_name     = "admin.internal.example.org"
  certificate_arn = var.certificate_arn
  security_policy = "TLS_1_2"
}
