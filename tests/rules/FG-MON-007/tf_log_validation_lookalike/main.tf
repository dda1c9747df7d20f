# Look-alike: validation on directly and inside a local module; a flag from
# a variable with no default is unknown.
variable "validate_sandbox" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "sandbox" {
  name                       = "sandbox"
  s3_bucket_name             = "acme-cloudtrail-logs"
  enable_log_file_validation = var.validate_sandbox
}

module "audit" {
  source = "./modules/trail"
  name   = "audit"
  bucket = "acme-audit-logs"
}
