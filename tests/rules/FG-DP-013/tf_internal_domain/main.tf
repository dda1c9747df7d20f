# Internal APIs on regional custom domains without a trust store.
variable "certificate_arn" {
  type    = string
  default = "arn:aws:acm:eu-west-1:123456789012:certificate/8d2f1c4e-5a6b-4c7d-9e0f-1a2b3c4d5e6f"
}

resource "aws_api_gateway_rest_api" "claims" {
  name = "claims"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

data "aws_iam_policy_document" "claims" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/claims-processor"]
    }
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_api_gateway_rest_api.claims.execution_arn}/*"]
  }
}

resource "aws_api_gateway_rest_api_policy" "claims" {
  rest_api_id = aws_api_gateway_rest_api.claims.id
  policy      = data.aws_iam_policy_document.claims.json
}

resource "aws_api_gateway_domain_name" "claims" { # expect: FG-DP-013 aws_api_gateway_domain_name.claims
  domain_name              = "claims.example.org"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_2"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "claims" {
  api_id      = aws_api_gateway_rest_api.claims.id
  stage_name  = "prod"
  domain_name = aws_api_gateway_domain_name.claims.domain_name
}

resource "aws_apigatewayv2_domain_name" "reports" { # expect: FG-DP-013 aws_apigatewayv2_domain_name.reports
  domain_name = "reports.example.org"
  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  tags = {
    Visibility = "internal"
  }
}
