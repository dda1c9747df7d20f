resource "aws_lambda_layer_version" "imaging" {
  layer_name          = "imaging"
  filename            = "dist/imaging-layer.zip"
  compatible_runtimes = ["python3.12"]
}

# Shared "with the team": principal "*" without organization_id is every account.
resource "aws_lambda_layer_version_permission" "imaging" {
  layer_name     = aws_lambda_layer_version.imaging.layer_name
  version_number = aws_lambda_layer_version.imaging.version
  statement_id   = "share-imaging"
  action         = "lambda:GetLayerVersion"
  principal      = "*" # expect: FG-AC-005 aws_lambda_layer_version_permission.imaging
}
