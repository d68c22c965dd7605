// Command helloclient calls HelloService and prints each reply on its own
// line as it arrives:
//
//	helloclient hello hi                   # SayHello: one greeting, one reply
//	helloclient replies hi                 # LotsOfReplies: one greeting, many replies
//	helloclient -max 2 replies hi          # ... and cancel the call after two
//	helloclient -timeout 1s replies hi     # ... within a deadline for the whole stream
//
// replies calls this lesson's Replies; greetings and bidi (lessons 7 and 8)
// call the finished ones. The exit status is 0 when the call ends with OK,
// 1 when it fails (after a line on stderr with the status code and message)
// and 2 for bad arguments. The program is the same in lessons 6 to 8
// (package hellocmd): only the client functions differ.
package main

import (
	"grpcworkshop/finished/hello/hellocmd"
	hello "grpcworkshop/solutions/06-server-streaming"
)

func main() {
	hellocmd.ClientMain(hellocmd.Client{Replies: hello.Replies})
}
