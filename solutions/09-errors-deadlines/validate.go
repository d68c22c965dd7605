package hello

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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
	var violations []*errdetails.BadRequest_FieldViolation
	bad := func(field, format string, a ...any) {
		violations = append(violations, &errdetails.BadRequest_FieldViolation{
			Field:       field,
			Description: fmt.Sprintf(format, a...),
		})
	}
	// START violations OMIT
	g := in.GetGreeting()
	if g == "" {
		bad("greeting", "must not be empty; send one, such as \"hello\"")
	}
	if n := utf8.RuneCountInString(g); n > MaxGreeting {
		bad("greeting", "is %d characters long; the most is %d", n, MaxGreeting)
	}
	if i := strings.IndexFunc(g, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(g[i:])
		bad("greeting", "holds the control character %U at byte %d; remove it", r, i)
	}
	// END violations OMIT
	if len(violations) == 0 {
		return nil
	}

	// START details OMIT
	descriptions := make([]string, len(violations))
	for i, v := range violations {
		descriptions[i] = v.GetField() + " " + v.GetDescription()
	}
	st := status.New(codes.InvalidArgument, "bad HelloRequest: "+strings.Join(descriptions, "; "))
	st, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: violations})
	if err != nil {
		// WithDetails fails only when a detail cannot be marshalled,
		// which a BadRequest always can: this is a bug, hence INTERNAL.
		return status.Errorf(codes.Internal, "adding the BadRequest detail: %v", err)
	}
	return st.Err()
	// END details OMIT
}
