resource "aws_lambda_function_recursion_config" "fanout" {
  function_name  = aws_lambda_function.fanout.function_name
  recursive_loop = "Allow" # expect: FG-RT-006 aws_lambda_function.fanout
}

resource "aws_lambda_function_recursion_config" "retry" {
  for_each       = aws_lambda_function.retry
  function_name  = each.value.function_name
  recursive_loop = "Allow" # expect: FG-RT-006 aws_lambda_function.retry["payments"] # expect: FG-RT-006 aws_lambda_function.retry["shipping"]
}
