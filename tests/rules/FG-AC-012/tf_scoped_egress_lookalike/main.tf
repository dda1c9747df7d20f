# Look-alike: a group with no egress block (Terraform removes the allow-all
# rule AWS adds), egress limited to one port of the VPC, to the database's
# security group and to the S3 prefix list; an open group used by no
# function; a group outside the configuration (literal sg- id) and an egress
# CIDR from a variable with no default (both not assessed, not a finding).
variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d4e5f60718"
}

variable "proxy_cidr" {
  type        = string
  description = "CIDR of the egress proxy"
}

data "aws_prefix_list" "s3" {
  name = "com.amazonaws.eu-west-1.s3"
}

resource "aws_security_group" "db" {
  name   = "ledger-db"
  vpc_id = var.vpc_id
}

resource "aws_security_group" "ledger" {
  name   = "ledger"
  vpc_id = var.vpc_id

  egress {
    description     = "PostgreSQL"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.db.id]
  }

  egress {
    description = "HTTPS inside the VPC (interface endpoints)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  egress {
    description     = "S3 gateway endpoint"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    prefix_list_ids = [data.aws_prefix_list.s3.id]
  }
}

resource "aws_security_group" "quiet" {
  name        = "ledger-quiet"
  description = "no outbound at all"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}

resource "aws_security_group" "proxied" {
  name   = "ledger-proxied"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "proxied" {
  security_group_id = aws_security_group.proxied.id
  cidr_ipv4         = var.proxy_cidr
  ip_protocol       = "tcp"
  from_port         = 3128
  to_port           = 3128
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = var.vpc_id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
