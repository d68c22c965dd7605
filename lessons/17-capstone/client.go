package capstone

import (
	"context"
	"fmt"

	"google.golang.org/grpc"
)

// ClientCases are the cases RunCase must run (step 4): the unary ones the
// Python client of issue 15 runs too. Going further adds FurtherCases: with
// them, RunCase runs all 14 cases of grpc-go's client but the soak tests.
var (
	ClientCases  = []string{"empty_unary", "large_unary", "status_code_and_message", "custom_metadata", "unimplemented_method"}
	FurtherCases = []string{"client_streaming", "server_streaming", "ping_pong", "empty_stream",
		"timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response",
		"special_status_message", "unimplemented_service"}
)

// RunCase runs the client side of the interop case name on conn, as the
// interop spec describes it (README: "Step 4: the client"), and returns
// nil when the server answered as the spec says, or what it did instead.
func RunCase(ctx context.Context, conn grpc.ClientConnInterface, name string) error {
	// TODO(step 4): a testpb.TestServiceClient on conn, and for each case
	// of ClientCases the calls and checks the interop spec gives it (README:
	// "Step 4: the client"), with a deadline. Going further: FurtherCases.
	return fmt.Errorf("case %s: TODO step 4 in client.go", name)
}
