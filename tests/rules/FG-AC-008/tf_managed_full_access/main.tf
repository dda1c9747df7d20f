# Media pipeline roles with AWS-managed policies written for people: full S3
# and DynamoDB access by attachment, AWSLambdaRole (invoke every function)
# in managed_policy_arns, and AdministratorAccess looked up by name.
data "aws_partition" "current" {}

data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "transcode" {
  name               = "media-transcode"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy_attachment" "transcode" {
  for_each = toset([
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
  ])

  role       = aws_iam_role.transcode.name
  policy_arn = each.value # expect: FG-AC-008 aws_iam_role.transcode
}

resource "aws_lambda_function" "transcode" {
  function_name = "media-transcode"
  role          = aws_iam_role.transcode.arn
  runtime       = "python3.12"
  handler       = "transcode.handler"
  filename      = "dist/transcode.zip"
}

resource "aws_iam_role" "fanout" {
  name               = "media-fanout"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  managed_policy_arns = [
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaRole", # expect: FG-AC-008 aws_iam_role.fanout
  ]
}

resource "aws_lambda_function" "fanout" {
  function_name = "media-fanout"
  role          = aws_iam_role.fanout.arn
  runtime       = "python3.12"
  handler       = "fanout.handler"
  filename      = "dist/fanout.zip"
}
