variable "name" {
  type = string
}

variable "bucket" {
  type = string
}

variable "validate" {
  type    = bool
  default = true
}

resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = var.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = var.validate
}
