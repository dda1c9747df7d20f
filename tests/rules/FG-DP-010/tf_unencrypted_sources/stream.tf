resource "aws_kinesis_stream" "clicks" {
  name             = "clicks"
  shard_count      = 1
  retention_period = 24
  encryption_type  = "NONE" # expect: FG-DP-010 aws_kinesis_stream.clicks
}

resource "aws_lambda_event_source_mapping" "clicks" {
  function_name     = aws_lambda_function.worker.function_name
  event_source_arn  = aws_kinesis_stream.clicks.arn
  starting_position = "LATEST"
}
