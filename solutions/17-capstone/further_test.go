//go:build further

package capstone

import "testing"

// TestFurtherClient: RunCase runs the other cases of the suite too, streams,
// deadlines, cancellations and all, against both servers, plaintext and
// over TLS (README: "Going further").
func TestFurtherClient(t *testing.T) {
	clientSuite(t, "Going further in the README: the cases of FurtherCases in client.go", FurtherCases...)
}
