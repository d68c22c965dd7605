package aggclient

// Explain describes an error from Call in one line: its gRPC status code and
// message, such as
//
//	OutOfRange: 2147483647 + 1 = 2147483648 does not fit in an int32
//
// For the two errors a learner meets most, it adds what to do.
func Explain(err error) string {
	// TODO(step 3): err.Error() reads "rpc error: code = OutOfRange desc = ...".
	// Use st := status.Convert(err) (package google.golang.org/grpc/status)
	// and return st.Code().String() + ": " + st.Message(). Two special cases:
	//   - code Unavailable with "connection refused" in the message: return
	//     "Unavailable: connection refused: is the server running? try `go tool task serve`"
	//   - code DeadlineExceeded: return
	//     "DeadlineExceeded: no answer before the deadline; is the server stuck, or is -timeout too short?"
	return err.Error()
}
