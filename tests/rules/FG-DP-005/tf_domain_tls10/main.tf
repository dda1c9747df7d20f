# REST API custom domains that still accept TLS 1.0.
variable "certificate_arn" {
  type    = string
  default = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
}

locals {
  legacy_policy = "TLS_1_0"
}

resource "aws_api_gateway_domain_name" "shop" { # expect: FG-DP-005 aws_api_gateway_domain_name.shop
  domain_name     = "shop.example.org"
  certificate_arn = var.certificate_arn
}

resource "aws_api_gateway_domain_name" "partners" {
  domain_name              = "partners.example.org"
  regional_certificate_arn = var.certificate_arn
  security_policy          = local.legacy_policy # expect: FG-DP-005 aws_api_gateway_domain_name.partners

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "regional" { # expect: FG-DP-005 aws_api_gateway_domain_name.regional["eu"]  # expect: FG-DP-005 aws_api_gateway_domain_name.regional["us"]
  for_each                 = toset(["eu", "us"])
  domain_name              = "api-${each.key}.example.org"
  regional_certificate_arn = var.certificate_arn

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
