package hello

// FieldErrors reads the google.rpc.BadRequest details of err, an error from
// a gRPC call, and returns one line per field violation,
// "FIELD: DESCRIPTION", such as "greeting: must not be empty; send one, such
// as \"hello\"", in the order the server sent them. Details of other types
// are skipped. It returns nil when err has no BadRequest detail, and for an
// error that is not a gRPC status at all.
func FieldErrors(err error) []string {
	// TODO(step 2): turn err back into a status (status.Convert), go through
	// its Details() with a type switch, and make a line of each field
	// violation of every *errdetails.BadRequest. Other details, and errors
	// in the list (details whose type this program does not know), are
	// skipped. Read "Reading the details" in the README.
	return nil
}
