// Package agg holds the Go code that protoc generates from
// proto/aggfunc.proto: the message types (aggfunc.pb.go) and the gRPC client
// and server stubs (aggfunc_grpc.pb.go).
//
// This is the solution: the generated files sit beside this one, made by the
// repository's pinned tools. To make them again with protoc installed, run
// from solutions/02-protobuf
//
//	protoc -I proto \
//	  --go_out=agg --go_opt=paths=source_relative \
//	  --go-grpc_out=agg --go-grpc_opt=paths=source_relative \
//	  aggfunc.proto
//
// or, with only Go installed, run buf from the repository root as the
// lesson's README shows, with solutions/02-protobuf in place of
// lessons/02-protobuf. Never edit the generated files by hand: change the
// .proto file and generate again.
package agg
