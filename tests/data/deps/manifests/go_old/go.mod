module example.com/legacy

go 1.16

require github.com/aws/aws-lambda-go v1.28.0
