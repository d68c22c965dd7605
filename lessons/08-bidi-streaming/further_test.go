//go:build further

package hello

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"grpcworkshop/testkit/grpctest"
)

// Going further (README): ChatLines, a chat at the terminal.

func TestFurtherChatLines(t *testing.T) {
	t.Run("lines in, replies out", func(t *testing.T) {
		var out strings.Builder
		in := strings.NewReader("hi\n\n  hey  \nhello")
		err := ChatLines(t.Context(), grpctest.FakeHelloClient(t, &grpctest.FakeHello{}), "each", in, &out)
		want := "hello, you said: hi\nhello, you said: hey\nhello, you said: hello\n"
		if err != nil || out.String() != want {
			t.Errorf("ChatLines with the lines \"hi\", \"\", \"  hey  \", \"hello\" wrote %q and returned %v; want %q and nil: one greeting per line that is not blank, spaces trimmed, one reply per line", out.String(), err, want)
		}
	})

	t.Run("a reply before the next line", func(t *testing.T) {
		// As at a terminal: the test types a line, waits for its reply,
		// then types the next.
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- ChatLines(t.Context(), grpctest.FakeHelloClient(t, &grpctest.FakeHello{}), "each", inR, outW)
			outW.Close()
		}()
		replies := bufio.NewScanner(outR)
		for _, g := range []string{"hi", "hey"} {
			if _, err := io.WriteString(inW, g+"\n"); err != nil {
				t.Fatalf("typing %q: %v", g, err)
			}
			got := make(chan string, 1)
			go func() {
				replies.Scan()
				got <- replies.Text()
			}()
			select {
			case r := <-got:
				if want := "hello, you said: " + g; r != want {
					t.Fatalf("after the line %q, ChatLines wrote %q, want %q", g, r, want)
				}
			case <-time.After(3 * time.Second):
				t.Fatalf("no reply to the line %q within 3s: send each line as soon as it is read, and write each reply as soon as it arrives", g)
			}
		}
		inW.Close()
		go io.Copy(io.Discard, outR)
		if err := <-done; err != nil {
			t.Errorf("after the input ended, ChatLines returned %v, want nil", err)
		}
	})

	t.Run("an error reading the input", func(t *testing.T) {
		errBroken := errors.New("broken input")
		in := io.MultiReader(strings.NewReader("hi\n"), iotest.ErrReader(errBroken))
		var out strings.Builder
		err := ChatLines(t.Context(), grpctest.FakeHelloClient(t, &grpctest.FakeHello{}), "each", in, &out)
		if !errors.Is(err, errBroken) {
			t.Errorf("reading the input failed after one line; ChatLines returned %v, want that error (errors.Is): a chat that lost its input must not look like one that ended", err)
		}
	})
}
