# Look-alike: open methods on APIs that are not on the internet - a PRIVATE
# REST API, an API whose resource policy (a separate resource) only lets a
# VPC endpoint in, one that denies every caller outside the office range -
# WebSocket message routes (only $connect takes an authorizer), an OpenAPI
# definition secured at document level, and a route whose authorization
# comes from a variable with no default (not assessed).
variable "vpce_id" {
  type    = string
  default = "vpce-0123456789abcdef0"
}

variable "admin_auth" {
  type = string
}

resource "aws_api_gateway_rest_api" "ledger" {
  name = "ledger-private"
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = [var.vpce_id]
  }
}

resource "aws_api_gateway_method" "ledger" {
  rest_api_id   = aws_api_gateway_rest_api.ledger.id
  resource_id   = aws_api_gateway_rest_api.ledger.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_rest_api" "partner" {
  name = "partner"
}

data "aws_iam_policy_document" "partner" {
  statement {
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_api_gateway_rest_api.partner.execution_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [var.vpce_id]
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "partner" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  policy      = data.aws_iam_policy_document.partner.json
}

resource "aws_api_gateway_method" "partner" {
  rest_api_id   = aws_api_gateway_rest_api.partner.id
  resource_id   = aws_api_gateway_rest_api.partner.root_resource_id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_rest_api" "office" {
  name = "office-tools"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
        Condition = { NotIpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } }
      },
    ]
  })
}

resource "aws_api_gateway_method" "office" {
  rest_api_id   = aws_api_gateway_rest_api.office.id
  resource_id   = aws_api_gateway_rest_api.office.root_resource_id
  http_method   = "ANY"
  authorization = "NONE"
}
