# VPC functions whose security groups let them send anything anywhere: an
# inline allow-all egress block, an allow-all IPv6 rule added as a separate
# resource, every TCP port through aws_security_group_rule, and an egress
# list built with a dynamic block.
variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d4e5f60718"
}

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a60718"]
}

variable "report_egress" {
  type = map(object({ port = number, protocol = string }))
  default = {
    https = { port = 443, protocol = "tcp" }
    any   = { port = 0, protocol = "-1" }
  }
}

resource "aws_security_group" "api" {
  name        = "orders-api"
  description = "orders API functions"
  vpc_id      = var.vpc_id

  egress { # expect: FG-AC-012 aws_security_group.api
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "worker" {
  name   = "orders-worker"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "worker_ipv6" { # expect: FG-AC-012 aws_security_group.worker
  security_group_id = aws_security_group.worker.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "-1"
}

resource "aws_security_group" "batch" {
  name   = "orders-batch"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "batch_tcp" { # expect: FG-AC-012 aws_security_group.batch
  type              = "egress"
  security_group_id = aws_security_group.batch.id
  protocol          = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "reports" {
  name   = "orders-reports"
  vpc_id = var.vpc_id

  dynamic "egress" { # expect: FG-AC-012 aws_security_group.reports
    for_each = var.report_egress
    content {
      from_port   = egress.value.port
      to_port     = egress.value.port
      protocol    = egress.value.protocol
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
