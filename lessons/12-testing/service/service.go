// Package service is what lesson 12's tests test: the finished
// gRPCRouteFuncs (sum and multiply, lesson 3) and the finished HelloService
// (LotsOfReplies and the rest, lessons 3 and 6 to 8), or a mutant of them.
//
// A mutant is the same service with one deliberate bug (mutants.go). Your
// tests must pass on the real service and fail on every mutant: a mutant
// that your tests pass on "survives", and shows a bug they would let through.
//
// Your tests get the implementation from Register and Agg, the one seam
// between them and the code under test. Both return the real service,
// unless the environment variable WORKSHOP_MUTANT names a mutant: go tool
// task lesson-12 sets it, runs your tests once per mutant, and tells you
// which mutant survives. You never set it yourself, though you may:
//
//	WORKSHOP_MUTANT=wraps go test ./...
//
// This package is not the exercise: read it, do not change it. It is the
// one copy of the service under test; the solution imports it from here.
package service

import (
	"maps"
	"os"
	"slices"
	"testing"

	"google.golang.org/grpc"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/finished/hello"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// MutantEnv is the environment variable that picks a mutant by name; unset
// or empty, the tests get the real service.
const MutantEnv = "WORKSHOP_MUTANT"

// impl is one implementation of the two services.
type impl struct {
	agg   aggfuncpb.GRPCRouteFuncsServer
	hello hellov1.HelloServiceServer
}

// real is the finished service, the one your tests must pass on.
var real = impl{aggfunc.Server{}, hello.HelloServer{}}

// Register registers the implementation under test on s (a *grpc.Server):
// gRPCRouteFuncs and hello.v1.HelloService. It fails the test at once if
// WORKSHOP_MUTANT names no mutant.
func Register(t testing.TB, s grpc.ServiceRegistrar) {
	t.Helper()
	i := under(t)
	aggfuncpb.RegisterGRPCRouteFuncsServer(s, i.agg)
	hellov1.RegisterHelloServiceServer(s, i.hello)
}

// Agg returns the gRPCRouteFuncs implementation under test, to call its
// handlers directly, without gRPC in between: the fuzz target does.
func Agg(t testing.TB) aggfuncpb.GRPCRouteFuncsServer {
	t.Helper()
	return under(t).agg
}

// under returns the implementation that WORKSHOP_MUTANT asks for.
func under(t testing.TB) impl {
	t.Helper()
	name := os.Getenv(MutantEnv)
	if name == "" {
		return real
	}
	i, ok := mutants[name]
	if !ok {
		t.Fatalf("%s=%q names no mutant; the mutants are %v (or leave it unset for the real service)", MutantEnv, name, Mutants())
	}
	return i
}

// Mutants lists the mutants' names, sorted.
func Mutants() []string {
	return slices.Sorted(maps.Keys(mutants))
}
