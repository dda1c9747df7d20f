locals {
  stage = "prod"

  report_env = {
    STAGE                        = local.stage
    ANALYTICS_DB_URL             = "mysql://reporter:EMN4xZ66EtYNVB@analytics-${local.stage}.internal.example.org:3306/analytics" # expect: FG-DP-002 aws_lambda_function.report
    EXPORT_AWS_SECRET_ACCESS_KEY = "rTiEUKI5EF2eoKj1m0RCJLBdcnUTF2deVSUM+sXO" # expect: FG-DP-002 aws_lambda_function.report
  }
}
