package hello

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"google.golang.org/grpc/metadata"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Chat calls BidiHello: it sends each greeting and calls each with every
// reply, as they come, until the server ends the call. mode
// (finished.ModeEach, finished.ModeAll or "" for the server's default) goes
// to the server as the metadata finished.ModeKey. The call's deadline, if
// any, is ctx's.
//
// Sending and receiving run at the same time, in two goroutines, because
// the two streams are independent: a reply can arrive before the next
// greeting is sent, and greetings may depend on the replies heard so far.
// A client that sent everything first and only then read could wait
// forever.
//
// Chat returns nil when the server ended the call with OK, or the call's
// error: when the server fails, the replies before the failure have gone to
// each. It returns only once both goroutines are done: greetings runs in the
// sending one, so it should not block forever.
func Chat(ctx context.Context, client hellov1.HelloServiceClient, mode string, greetings iter.Seq[string], each func(reply string)) error {
	if mode != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, finished.ModeKey, mode)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.BidiHello(ctx)
	if err != nil {
		return err
	}

	// The sending goroutine. It closes its side after the last greeting, so
	// the server's Recv returns io.EOF: "that was all".
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for g := range greetings {
			if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
				// The call is over (io.EOF: the server ended it). The
				// receiving side gets its status.
				return
			}
		}
		// CloseSend fails only when the call has failed, which Recv reports.
		_ = stream.CloseSend()
	}()

	// Receive here, in this goroutine, until the server ends the call.
	var recvErr error
	for {
		resp, err := stream.Recv()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				recvErr = err
			}
			break
		}
		each(resp.GetReply())
	}
	// The call is over. If the server ended it early, the sender may still
	// be sending: cancel stops it at its next Send. Wait for it, so that no
	// goroutine outlives the call. Its error need not be returned: a failed
	// Send ends the whole call, so Recv has reported the failure already.
	cancel()
	<-sent
	return recvErr
}

// ChatLines is Chat at a terminal: each line of in is a greeting, sent as
// soon as it is read, and each reply is a line of out, written as soon as it
// arrives; blank lines are skipped. With os.Stdin and os.Stdout, the reply
// to a line appears before the next is typed. The call ends when in does:
// at io.EOF (Ctrl-D), or with an error reading it, which ChatLines returns
// unless the call failed first.
func ChatLines(ctx context.Context, client hellov1.HelloServiceClient, mode string, in io.Reader, out io.Writer) error {
	scanner := bufio.NewScanner(in)
	lines := func(yield func(string) bool) {
		for scanner.Scan() {
			if line := strings.TrimSpace(scanner.Text()); line != "" && !yield(line) {
				return
			}
		}
	}
	// Chat returns only once lines has returned, so reading scanner.Err
	// after it is safe.
	err := Chat(ctx, client, mode, lines, func(reply string) { fmt.Fprintln(out, reply) })
	if err == nil {
		if err = scanner.Err(); err != nil {
			err = fmt.Errorf("reading the greetings: %w", err)
		}
	}
	return err
}
