# today: 2026-12-04
# Storefront functions on runtimes deprecated within the next 180 days:
# Node.js 22 (2027-04-30), Ruby 3.3 (2027-03-31).
module "labels" {
  source = "./modules/labels"
  team   = "storefront"
}

locals {
  node_runtime = "nodejs22.x"
}

resource "aws_lambda_function" "catalog" {
  function_name = "catalog-${module.labels.suffix}"
  role          = "arn:aws:iam::123456789012:role/storefront"
  runtime       = local.node_runtime # expect: FG-DEP-005 aws_lambda_function.catalog
  handler       = "index.handler"
  filename      = "build/catalog.zip"
}

resource "aws_lambda_function" "cart" {
  count         = 2
  function_name = "cart-${count.index}"
  role          = "arn:aws:iam::123456789012:role/storefront"
  runtime       = count.index == 0 ? local.node_runtime : "nodejs24.x" # expect: FG-DEP-005 aws_lambda_function.cart[0]
  handler       = "index.handler"
  filename      = "build/cart.zip"
}

resource "aws_lambda_function" "mailer" {
  function_name = "storefront-mailer"
  role          = "arn:aws:iam::123456789012:role/storefront"
  runtime       = "ruby3.3" # expect: FG-DEP-005 aws_lambda_function.mailer
  handler       = "mailer.handler"
  filename      = "build/mailer.zip"
}
