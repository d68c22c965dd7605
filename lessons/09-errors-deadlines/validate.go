package hello

import (
	hellov1 "grpcworkshop/proto/hello/v1"
)

// MaxGreeting is the longest greeting SayHello takes, in characters.
const MaxGreeting = 100

// validate checks a HelloRequest. It returns nil for a good one, and for a
// bad one an INVALID_ARGUMENT status whose details hold one
// google.rpc.BadRequest with a field violation for each problem found, not
// only the first: a client, or the person behind it, can then fix them all
// at once. A greeting is bad when it is empty, longer than MaxGreeting
// characters, or holds a control character such as a newline (it would
// break the reply's line).
func validate(in *hellov1.HelloRequest) error {
	// TODO(step 1): check the greeting against the three rules above and
	// collect one errdetails.BadRequest_FieldViolation per broken rule, with
	// Field "greeting" (the field's name in the .proto) and a Description
	// that says what to change. Then answer INVALID_ARGUMENT carrying them
	// all in one BadRequest detail, with a message that also says what is
	// wrong, for clients that read no details. Read "Errors that explain
	// themselves" in the README, and the godoc of status.New and
	// (*status.Status).WithDetails. Characters, not bytes: see unicode/utf8.
	_ = in
	return nil
}
