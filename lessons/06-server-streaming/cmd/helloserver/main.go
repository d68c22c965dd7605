// Command helloserver serves this lesson's HelloService, with reflection for
// grpcurl, until Ctrl-C or SIGTERM. Its first line on stderr is
// "listening on HOST:PORT"; then it logs how each streaming call ended:
//
//	/hello.v1.HelloService/LotsOfReplies Canceled 1.502s
//
// Flags: -addr, -replies and -interval; -h lists them. The program is the
// same in lessons 6 to 8 (package hellocmd): only the server differs.
package main

import (
	finished "grpcworkshop/finished/hello"
	"grpcworkshop/finished/hello/hellocmd"
	hello "grpcworkshop/lessons/06-server-streaming"
	hellov1 "grpcworkshop/proto/hello/v1"
)

func main() {
	// The program's -replies and -interval arrive in hs.
	hellocmd.ServerMain(func(hs finished.HelloServer) hellov1.HelloServiceServer { return hello.HelloServer{HelloServer: hs} })
}
