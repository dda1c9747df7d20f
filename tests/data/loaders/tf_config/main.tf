# A configuration exercising evaluation: variables, tfvars, locals, count and
# for_each naming, a local module with and without arguments, dynamic blocks.
variable "stage" {
  default = "dev"
}

variable "memory" {
  default = 128
}

variable "alarm_topic" {} # no default, no value: unknown

variable "queues" {
  default = {
    orders   = 30
    invoices = 60
  }
}

locals {
  prefix = "shop-${var.stage}"
  common_env = {
    STAGE = var.stage
    TABLE = "${local.prefix}-table"
  }
}

resource "aws_sqs_queue" "work" {
  for_each                   = var.queues
  name                       = "${local.prefix}-${each.key}"
  visibility_timeout_seconds = each.value
}

resource "aws_lambda_function" "api" {
  count         = 2
  function_name = "${local.prefix}-api-${count.index}"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = var.memory
  timeout       = var.stage == "prod" ? 10 : 30
  filename      = "build/api.zip"

  environment {
    variables = merge(local.common_env, { QUEUE = aws_sqs_queue.work["orders"].url })
  }

  tracing_config {
    mode = "Active"
  }

  dynamic "vpc_config" {
    for_each = var.stage == "prod" ? [1] : []
    content {
      subnet_ids         = ["subnet-1"]
      security_group_ids = ["sg-1"]
    }
  }
}

resource "aws_lambda_function" "disabled" {
  count         = var.stage == "prod" ? 1 : 0
  function_name = "never"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "app.handler"
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.work["orders"].arn
  function_name    = aws_lambda_function.api[0].arn
}

module "worker" {
  source      = "./modules/worker"
  name        = "${local.prefix}-worker"
  alarm_topic = var.alarm_topic # unknown: must not fall back to the module's default
}

module "reports" {
  source = "./modules/worker"
  name   = "${local.prefix}-reports"
}

resource "aws_cloudwatch_log_group" "api" {
  count             = length(aws_lambda_function.api)
  name              = "/aws/lambda/${aws_lambda_function.api[count.index].function_name}"
  retention_in_days = 14
}
