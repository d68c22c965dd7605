package hello

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// FieldErrors reads the google.rpc.BadRequest details of err, an error from
// a gRPC call, and returns one line per field violation,
// "FIELD: DESCRIPTION", such as "greeting: must not be empty; send one, such
// as \"hello\"", in the order the server sent them. Details of other types
// are skipped. It returns nil when err has no BadRequest detail, and for an
// error that is not a gRPC status at all.
func FieldErrors(err error) []string {
	// START fielderrors OMIT
	var lines []string
	for _, d := range status.Convert(err).Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				lines = append(lines, v.GetField()+": "+v.GetDescription())
			}
		case error:
			// A detail this program cannot decode (its type is not linked
			// in): Details puts an error in its place. Nothing to print.
		default:
			// Another detail, such as google.rpc.ErrorInfo: not ours to show.
		}
	}
	return lines
	// END fielderrors OMIT
}
