# Look-alike: a multi-region trail (through a local), a regional trail that
# is not created (count = 0), and a flag from a variable with no default.
variable "create_regional_trail" {
  type    = bool
  default = false
}

variable "org_trail_multi_region" {
  type = bool
}

locals {
  trail_bucket = "acme-audit-trail"
  multi_region = true
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = local.trail_bucket
  is_multi_region_trail         = local.multi_region
  include_global_service_events = true
  enable_log_file_validation    = true
}

resource "aws_cloudtrail" "regional" {
  count          = var.create_regional_trail ? 1 : 0
  name           = "regional"
  s3_bucket_name = local.trail_bucket
}

resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = local.trail_bucket
  is_organization_trail = true
  is_multi_region_trail = var.org_trail_multi_region
}
