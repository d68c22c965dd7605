//go:build further

package capstone

import "testing"

// TestFurtherClientStreams: RunCase runs the stream cases of the suite
// too, against both servers, plaintext and over TLS (README: "Going
// further").
func TestFurtherClientStreams(t *testing.T) {
	clientSuite(t, "Going further in the README: the stream cases in client.go", FurtherCases...)
}
