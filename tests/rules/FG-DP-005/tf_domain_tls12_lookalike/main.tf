# Look-alike: TLS 1.2 and enhanced policies, private REST domains, HTTP API (V2)
# domains (TLS 1.2 only), and a policy known only per workspace.
variable "certificate_arn" {
  type    = string
  default = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
}

variable "security_policy" {
  description = "Chosen per workspace"
  type        = string
}

resource "aws_api_gateway_domain_name" "accounts" {
  domain_name              = "accounts.example.org"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "modern" {
  domain_name              = "modern.example.org"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "internal" {
  domain_name     = "internal.example.org"
  certificate_arn = var.certificate_arn

  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_apigatewayv2_domain_name" "hooks" {
  domain_name = "hooks.example.org"

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_api_gateway_domain_name" "workspace" {
  domain_name     = "ws.example.org"
  certificate_arn = var.certificate_arn
  security_policy = var.security_policy
}
