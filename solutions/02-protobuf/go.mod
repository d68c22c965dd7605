module grpcworkshop/solutions/02-protobuf

go 1.26.4

// grpc is required for the generated agg/aggfunc_grpc.pb.go, which imports it.
require (
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

// protocompile (the compiler inside buf) lets TestGeneratedCodeMatchesProto
// compile proto/aggfunc.proto and compare it with the generated code.
require github.com/bufbuild/protocompile v0.14.1

require (
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sync v0.23.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1 // indirect
)
