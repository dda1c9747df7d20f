provider "aws" {
  alias  = "dr"
  region = "us-west-2"
}

resource "aws_kms_replica_key" "orders_dr" {
  provider                = aws.dr
  description             = "Orders key in the recovery region"
  primary_key_arn         = aws_kms_key.primary.arn
  deletion_window_in_days = 7 # expect: FG-DP-004 aws_kms_replica_key.orders_dr
}
