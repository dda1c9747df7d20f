resource "aws_lambda_layer_version" "common" {
  layer_name          = "notify-common"
  filename            = "dist/common-layer.zip"
  compatible_runtimes = ["nodejs20.x"]
}

resource "aws_lambda_layer_version_permission" "partner" {
  layer_name     = aws_lambda_layer_version.common.layer_name
  version_number = aws_lambda_layer_version.common.version
  statement_id   = "partner"
  action         = "lambda:GetLayerVersion"
  principal      = "111122223333"
}

resource "aws_lambda_layer_version_permission" "organization" {
  layer_name      = aws_lambda_layer_version.common.layer_name
  version_number  = aws_lambda_layer_version.common.version
  statement_id    = "organization"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = var.org_id
}

resource "aws_lambda_layer_version_permission" "partner_org" {
  layer_name      = aws_lambda_layer_version.common.layer_name
  version_number  = aws_lambda_layer_version.common.version
  statement_id    = "partner-org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = var.partner_org_id
}
