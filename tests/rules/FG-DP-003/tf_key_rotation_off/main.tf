# Workload keys without automatic rotation.
resource "aws_kms_key" "env" { # expect: FG-DP-003 aws_kms_key.env
  description             = "Lambda environment variables"
  deletion_window_in_days = 30
}

locals {
  data_keys = {
    orders   = { rotate = true }
    invoices = { rotate = false }
  }
}

resource "aws_kms_key" "data" {
  for_each                = local.data_keys
  description             = "${each.key} table"
  enable_key_rotation     = each.value.rotate # expect: FG-DP-003 aws_kms_key.data["invoices"]
  rotation_period_in_days = each.value.rotate ? 180 : null
}

resource "aws_kms_key" "exports" {
  description              = "Nightly exports, spec written out"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  key_usage                = "ENCRYPT_DECRYPT"
  enable_key_rotation      = false # expect: FG-DP-003 aws_kms_key.exports
}
