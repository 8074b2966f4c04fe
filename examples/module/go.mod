module example.com/greet

go 1.26.0

toolchain go1.26.11

require (
	github.com/google/go-cmp v0.7.0
	golang.org/x/text v0.44.0
)
