// Package checks holds tests that keep the workshop's docs honest: they run
// the commands the docs show and compare the output with what the docs say.
//
// grpcurl_test.go runs the exercises in docs/grpcurl.md against the finished
// server (finished/, the one `go tool task serve` runs) with the pinned
// grpcurl. Run it from this directory:
//
//	go test ./...
package checks
