package perf

import (
	"google.golang.org/grpc"
	// START gzip OMIT
	"google.golang.org/grpc/encoding/gzip" // registers the "gzip" compressor, for both sides
	// END gzip OMIT
)

// WithGzip returns the dial option that compresses every call's messages
// with gzip. The server answers in gzip too, if it has the compressor
// registered (it is, in any program that imports grpc/encoding/gzip).
func WithGzip() grpc.DialOption {
	// START withgzip OMIT
	return grpc.WithDefaultCallOptions(grpc.UseCompressor(gzip.Name))
	// END withgzip OMIT
}
