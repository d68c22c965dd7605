package aggclient

import (
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Explain describes an error from Call in one line: its gRPC status code and
// message, such as
//
//	OutOfRange: 2147483647 + 1 = 2147483648 does not fit in an int32
//
// For the two errors a learner meets most, it adds what to do.
func Explain(err error) string {
	// status.Convert works on any error: one that is not a gRPC status
	// becomes UNKNOWN with the error's text as its message.
	st := status.Convert(err)
	switch {
	case st.Code() == codes.Unavailable && strings.Contains(st.Message(), "connection refused"):
		// Nothing listens at the address. grpc's own message is a long
		// "connection error: desc = ..."; this says what to do.
		return "Unavailable: connection refused: is the server running? try `go tool task serve`"
	case st.Code() == codes.DeadlineExceeded:
		return "DeadlineExceeded: no answer before the deadline; is the server stuck, or is -timeout too short?"
	}
	return st.Code().String() + ": " + st.Message()
}
