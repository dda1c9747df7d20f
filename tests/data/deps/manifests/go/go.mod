module example.com/orders

go 1.21

toolchain go1.21.5

require (
	github.com/aws/aws-lambda-go v1.46.0
	github.com/aws/aws-sdk-go-v2 v1.24.1
	golang.org/x/net v0.19.0 // indirect
	example.com/internal/shared v0.0.0-00010101000000-000000000000
	github.com/old/lib v1.2.0+incompatible // indirect
)

require github.com/google/uuid v1.5.0

replace example.com/internal/shared => ../shared

replace golang.org/x/net v0.19.0 => golang.org/x/net v0.20.0

exclude github.com/bad/mod v0.1.0

retract v0.9.0
