package finished

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync/atomic"
)

// RequestIDKey is the metadata key of a call's request id. A client may
// send one, to follow its call through the server's log; the server keeps
// it, or makes one up. Every line the server logs about the call ends with
// it. The server sends it back under the same key, in the response header,
// when the client sent it and when the call fails, so that the client can
// quote it (see call.echo). The name is the HTTP header many proxies and
// tracing tools already use.
const RequestIDKey = "x-request-id"

// maxRequestIDLen bounds a client's request id: longer ones are replaced,
// so that no client can fill the log with its own text.
const maxRequestIDLen = 128

// RequestID returns the request id of the call ctx belongs to: ctx is a
// handler's context, or one made from it. It returns "" outside a call of
// the finished server.
func RequestID(ctx context.Context) string {
	if c := callFrom(ctx); c != nil {
		return c.id
	}
	return ""
}

// pickRequestID returns the request id for a call whose metadata holds
// sent under RequestIDKey: the client's first one when it is usable (1 to
// 128 printable ASCII characters, no spaces), and true; or a new one, and
// false.
func pickRequestID(sent []string) (id string, fromClient bool) {
	if len(sent) > 0 && usableRequestID(sent[0]) {
		return sent[0], true
	}
	return newRequestID(), false
}

func usableRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// idPrefix starts every request id this process makes up: 8 random hex
// digits, so that two runs of the server (or two replicas) do not hand out
// the same ids. A counter follows it: "3f9a1c2e-42" is the 42nd id made up.
// A counter costs one atomic add, where a random id per call would cost a
// read of crypto/rand; and it tells the order of calls at a glance.
var idPrefix = func() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails (see crypto/rand.Read)
	return hex.EncodeToString(b)
}()

var idCount atomic.Uint64

func newRequestID() string {
	return idPrefix + "-" + strconv.FormatUint(idCount.Add(1), 10)
}
