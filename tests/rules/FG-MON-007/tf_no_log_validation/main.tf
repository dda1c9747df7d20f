# Trails without log file validation: unset (false by default), and off in
# every trail of a for_each map that leaves it to a lookup default.
locals {
  bucket = "acme-cloudtrail-logs"
  trails = {
    security = { multi_region = true }
    lambda   = { multi_region = false }
  }
}

resource "aws_cloudtrail" "main" { # expect: FG-MON-007 aws_cloudtrail.main
  name                  = "main"
  s3_bucket_name        = local.bucket
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "team" {
  for_each                   = local.trails
  name                       = each.key
  s3_bucket_name             = local.bucket
  is_multi_region_trail      = each.value.multi_region
  enable_log_file_validation = lookup(each.value, "validate", false) # expect: FG-MON-007 aws_cloudtrail.team["security"] # expect: FG-MON-007 aws_cloudtrail.team["lambda"]
}
