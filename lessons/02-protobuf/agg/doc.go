// Package agg holds the Go code that protoc generates from
// proto/aggfunc.proto: the message types (aggfunc.pb.go) and the gRPC client
// and server stubs (aggfunc_grpc.pb.go).
//
// In the starter this file is alone, so the package compiles before anything
// is generated. Finish the TODOs in proto/aggfunc.proto, then generate, either
// from the repository root with
//
//	go tool task generate-lesson-2
//
// or, with protoc installed, from lessons/02-protobuf with
//
//	protoc -I proto \
//	  --go_out=agg --go_opt=paths=source_relative \
//	  --go-grpc_out=agg --go-grpc_opt=paths=source_relative \
//	  aggfunc.proto
//
// The README shows both ways in full. Never edit the generated files by hand:
// change the .proto file and generate again.
package agg
