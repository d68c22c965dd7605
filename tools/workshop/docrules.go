package main

// docRules says, for every shell command the docs show, how it is kept
// true. doccheck (doccheck.go) gives each command the first rule that
// matches it, fails on a command that matches none, and fails on a rule
// that matches no command, so this list cannot go stale.
//
// Prefer runIt: doccheck runs the command and compares what it prints with
// the lines the doc shows after it. Use ciStep or testedBy when a step of
// `go tool task test` or a test already runs the command (or the same thing
// in another form), and cannotRun, with the reason, for what cannot run in
// CI: installing software, changing the shell, serving until Ctrl-C.
//
// Commands that a lesson's README shows "from lessons/NN-name" run on the
// solution, solutions/NN-name, with Lessons set: that is what the learner
// sees once the lesson is done.
var docRules = []docRule{
	// ---- The whole course.
	{Cmd: `go tool task test`, Check: cannotRun{"it is what CI runs; doccheck is one of its steps"}},
	{Cmd: `go tool task demo`, Check: testedBy{"tools/workshop/demos_test.go", "TestDemos", "runs the full tour and checks that it exits 0 and leaves no process behind"}},
	{Cmd: `go tool task status`, Output: "Your progress", Check: runIt{Prefix: true, Why: "on the untouched starters, as in CI; the doc shows the first lines"}},
	{Cmd: `go tool task status`, Check: runIt{}},
	{Cmd: `go tool task doctor`, Check: cannotRun{"its report depends on what the machine has installed, and it exits 1 when a required tool is missing"}},
	{Cmd: `go tool (task|workshop) doccheck( -list| -norun)?`, Check: ciStep{"go tool workshop doccheck", "this check itself"}},
	{Cmd: `go tool task (venv|py-test)`, Check: ciStep{"task: py-test", "py-test makes .venv first (go tool workshop venv), then runs python-client's tests"}},
	{Cmd: `go tool task hint-\d+`, Check: runIt{}},
	{Cmd: `go tool task solution-\d+`, Check: ciStep{"go tool workshop test-solutions", "runs every solution's tests"}},

	// ---- go tool task lesson-N: without output shown it stands for "run the
	// tests", which verify does on every starter. Where the output is shown,
	// the starter's failure runs as it is, and the finished state runs as
	// solution-N, whose output differs only in the folder name.
	{Cmd: `go tool task lesson-(\d+|N)`, Output: "FAIL", Check: runIt{Prefix: true, Exit: 201, Why: "on the untouched starter; 201 is Task's status when a command fails"}},
	{Cmd: `go tool task lesson-(6|8)`, Output: "passes", Check: ciStep{"go tool workshop verify", "verify checks that the solution passes every test; the heap sizes this output shows differ from run to run, so it is not compared"}},
	{Cmd: `go tool task lesson-(\d+)`, Output: "passes", Check: runIt{Via: "go tool task solution-$1", Lessons: true, Prefix: true, Why: "the finished lesson is the solution"}},
	{Cmd: `go tool task lesson-(\d+|N)`, Check: ciStep{"go tool workshop verify", "runs every lesson's tests on the starter and on the solution"}},

	{Cmd: `go test -run FlatMemory -v \.`, Check: ciStep{"go tool workshop test-solutions", "runs the flat-memory tests of lessons 6 and 8 on the solutions; the heap sizes they print differ from run to run, so the output is not compared"}},

	// ---- Servers: they run until Ctrl-C. The demos and the tests start the
	// same programs on free ports and stop them.
	{Cmd: `go tool task serve( -- .*)?`, Check: cannotRun{"serves until Ctrl-C; TestDemos and checks/grpcurl_test.go start the same server on a free port"}},
	{Cmd: `(cd lessons/03-unary-server && )?go run \./cmd/aggserver`, Output: "address already in use", Check: testedBy{"solutions/03-unary-server/serving_test.go", "TestListenBusyPort", "checks this exact message, on a port the test holds"}},
	{Cmd: `go run \./cmd/(aggserver|rpcserver|server|helloserver)( -\S+ \S+)*`, Check: cannotRun{"serves until Ctrl-C; the demos (TestDemos) and doccheck itself start these servers on free ports"}},
	{Cmd: `python python-client/pyserver\.py .*`, Check: testedBy{"python-client/test_interop.py", "test_go_client_calls_python_server", "starts pyserver.py on a free port and calls it from the Go client"}},
	{Cmd: `go run \./cmd/aggclient -addr 127\.0\.0\.1:35679 .*`, Check: testedBy{"python-client/test_interop.py", "test_go_client_gets_python_server_errors", "the Go client against pyserver.py, answers and errors (test_go_client_calls_python_server too)"}},
	{Cmd: `go run \./cmd/helloclient -addr 127\.0\.0\.1:35679 .*`, Check: testedBy{"python-client/test_interop.py", "test_go_hello_client_calls_python_server", "lesson 8's Go client against pyserver.py, on a free port"}},

	// ---- docs/grpcurl.md: checks/grpcurl_test.go runs every block after a
	// "<!-- check" marker. The unmarked ones wait for the reader.
	{Cmd: `go tool grpcurl .*`, Doc: "docs/grpcurl.md", Marker: "<!-- check", Check: testedBy{"checks/grpcurl_test.go", "TestGrpcurlExercises", "runs the command against the finished server and compares the output"}},
	{Cmd: `go tool grpcurl .*`, Doc: "docs/grpcurl.md", Check: cannotRun{"interactive: it waits for the reader to type greetings or press Ctrl-C"}},

	// ---- docs/grpcurl-cheatsheet.md: every command runs here.
	{Cmd: `go tool grpcurl .*`, Doc: "docs/grpcurl-cheatsheet.md", Check: runIt{Server: "finished", Replace: "localhost:50051", Exit: -1, Why: "grpcurl's exit status is 64 plus the status code; the output shows which"}},

	// ---- docs/concepts.
	{Cmd: `go test -run TestWireBytes -v \./solutions/02-protobuf/agg`, Check: runIt{}},
	{Cmd: `python -c '.*'`, Doc: "docs/concepts/wire-bytes.md", Check: runIt{Dir: "python-client", Why: "the doc says: from python-client/, with the virtualenv"}},

	// ---- docs/troubleshooting.md: the learner's own machine.
	{Cmd: `go env( GOBIN)? (GOPATH|GOPROXY)`, Check: runIt{Why: "the values differ per machine; only the command is checked"}},
	{Cmd: `go env -w GOPROXY=\S+`, Check: cannotRun{"changes the user's Go settings"}},
	{Cmd: `Set-ExecutionPolicy -Scope Process RemoteSigned`, Check: cannotRun{"Windows PowerShell only"}},
	{Cmd: `ss -ltnp .*|lsof -nP .*|Get-NetTCPConnection .*`, Check: cannotRun{"looks for another program on the learner's machine (ss: Linux, lsof: macOS, Get-NetTCPConnection: Windows)"}},

	// ---- Lesson 01.
	{Cmd: `go test \./\.\.\.`, Doc: "lessons/01-net-rpc/README.md", Output: "ok", Check: runIt{Dir: "solutions/01-net-rpc", Lessons: true}},
	{Cmd: `go run \./cmd/rpcclient -trace sum 3 4`, Check: runIt{Dir: "solutions/01-net-rpc"}},
	{Cmd: `go run \./cmd/rpcclient .*`, Output: "nothing is listening", Check: runIt{Dir: "solutions/01-net-rpc", Why: "with nothing on localhost:1234"}},
	{Cmd: `go run \./cmd/rpcclient .*`, Check: runIt{Dir: "solutions/01-net-rpc", Server: "rpcserver", Inject: "-addr"}},
	{Cmd: `go run \./solutions/01-net-rpc/cmd/rpcclient -trace sum 3 4`, Check: runIt{}},

	// ---- Lesson 02.
	{Cmd: `go test -v \./\.\.\.`, Doc: "lessons/02-protobuf/README.md", Check: runIt{Dir: "solutions/02-protobuf", Lessons: true}},
	{Cmd: `(GOWORK=off |\$env:GOWORK = "off"; )go -C lessons/02-protobuf tool -modfile=\.\./\.\./tools/buf/go\.mod buf (generate|lint)(; Remove-Item Env:GOWORK)?`, Check: ciStep{"go tool workshop check-buf", "check-buf runs buf lint there and buf generate on a copy of lesson 02, then its tests"}},
	{Cmd: `go tool task generate-lesson-2`, Check: ciStep{"go tool workshop check-buf", "check-buf runs this target's buf generate on a copy of lesson 02, then its tests"}},
	{Cmd: `protoc -I proto --go_out=agg --go_opt=paths=source_relative --go-grpc_out=agg --go-grpc_opt=paths=source_relative aggfunc\.proto`, Check: ciStep{"go tool workshop generate -check", "generate -check runs protoc with these flags on solutions/02-protobuf (the protoc of the pinned grpcio-tools) and compares with the committed code"}},
	{Cmd: `protoc(-gen-go|-gen-go-grpc)? --version`, Check: cannotRun{"reports the learner's own protoc or plugin; go tool task doctor does the same"}},
	{Cmd: `go install \S+@v\S+`, Check: cannotRun{"installs into the learner's GOPATH/bin; doccheck checks that the version is the one tools/go.mod pins"}},
	{Cmd: `export (PATH|HTTPS_PROXY|NO_PROXY|PIP_INDEX_URL|PIP_CERT)=.*|\$env:Path \+= .*`, Check: cannotRun{"changes the learner's shell"}},

	// ---- Lesson 03.

	// ---- Lesson 04.
	{Cmd: `go test -run TestAsync -v \.`, Check: runIt{Dir: "solutions/04-unary-client", Lessons: true}},
	{Cmd: `go run \./cmd/aggclient -addr localhost:50052 .*`, Check: runIt{Dir: "solutions/04-unary-client", Why: "with nothing on localhost:50052"}},
	{Cmd: `go run \./cmd/aggclient .*`, Check: runIt{Dir: "solutions/04-unary-client", Server: "aggserver", Inject: "-addr"}},
	{Cmd: `go tool task client -- .*`, Check: runIt{Server: "finished", Inject: "ADDR="}},

	// ---- Lessons 06 to 08: each lesson's own helloserver and helloclient,
	// started the way the README starts them.
	{Cmd: `go run \./cmd/helloclient -timeout \S+ replies .*`, Doc: "*/06-server-streaming/README.md", Check: testedBy{"lessons/06-server-streaming/replies_test.go", "TestLotsOfRepliesDeadline", "the message after DeadlineExceeded depends on which side notices the deadline first, so the output is not compared; the test checks the code"}},
	{Cmd: `go run \./cmd/helloclient .*replies .*`, Doc: "*/06-server-streaming/README.md", Check: runIt{Dir: "solutions/06-server-streaming", Server: "hello6", Inject: "-addr", Why: "the server sends 10 replies, 500ms apart"}},
	{Cmd: `go run \./cmd/helloclient .*`, Doc: "*/07-client-streaming/README.md", Check: runIt{Dir: "solutions/07-client-streaming", Server: "hello7", Inject: "-addr"}},
	{Cmd: `go run \./cmd/helloclient .*`, Doc: "*/08-bidi-streaming/README.md", Check: runIt{Dir: "solutions/08-bidi-streaming", Server: "hello8", Inject: "-addr"}},
	{Cmd: `\(echo .*; sleep \d+\) \| go tool grpcurl .* hello\.v1\.HelloService/LotsOfGreetings`, Check: testedBy{"lessons/07-client-streaming/greetings_test.go", "TestLotsOfGreetingsNeverClosed", "needs a shell (a pipe and sleep); the test checks that a stream the client never closes ends at its deadline"}},
	{Cmd: `(cd solutions/\S+ && )?go test -run '\^\$' -bench \w+ .*`, Check: cannotRun{"a benchmark: its numbers depend on the machine"}},

	// ---- Lesson 05 and python-client/.
	{Cmd: `python aggclient\.py --timeout 0\.001 sum 3 4`, Check: testedBy{"lessons/05-python-client/test_aggclient.py", "test_deadline_exceeded", "the message comes from the server or from the client's own gRPC, as the README says; the test checks the code"}},
	{Cmd: `python aggclient\.py sum 3`, Check: runIt{Dir: "solutions/05-python-client", Exit: 2}},
	{Cmd: `python aggclient\.py --help`, Check: runIt{Dir: "solutions/05-python-client"}},
	{Cmd: `python aggclient\.py --addr (localhost|127\.0\.0\.1):50052 .*`, Check: runIt{Dir: "solutions/05-python-client", Exit: 1, Why: "with nothing on port 50052"}},
	{Cmd: `python python-client/aggclient\.py --addr (localhost|127\.0\.0\.1):50052 .*`, Check: runIt{Exit: 1, Why: "with nothing on port 50052"}},
	{Cmd: `python aggclient\.py (sum 2147483647 1|hello "")`, Check: runIt{Dir: "solutions/05-python-client", Server: "aggserver", Inject: "--addr", Exit: 1}},
	{Cmd: `python aggclient\.py .*`, Check: runIt{Dir: "solutions/05-python-client", Server: "aggserver", Inject: "--addr"}},
	{Cmd: `python python-client/aggclient\.py sum 2147483647 1`, Check: runIt{Server: "finished", Inject: "--addr", Exit: 1}},
	{Cmd: `python python-client/aggclient\.py --addr 127\.0\.0\.1:4321 .*`, Check: runIt{Server: "finished", Replace: "127.0.0.1:4321"}},
	{Cmd: `python python-client/aggclient\.py .*`, Check: runIt{Server: "finished", Inject: "--addr"}},
	{Cmd: `go tool task py-client ADDR=127\.0\.0\.1:4321 -- .*`, Check: runIt{Server: "finished", Replace: "127.0.0.1:4321"}},
	{Cmd: `go tool task py-client -- .*`, Check: runIt{Server: "finished", Inject: "ADDR="}},
	{Cmd: `python -m pytest -q python-client`, Check: ciStep{"task: py-test", "py-test runs exactly this"}},
	{Cmd: `python -m pytest -q( -k \w+)?`, Check: ciStep{"go tool workshop verify", "verify runs lesson 5's pytest on the starter and the solution"}},
	{Cmd: `python -m grpc_tools\.protoc .*`, Check: ciStep{"go tool workshop generate -check", "generate -check runs this protoc for every Python folder and compares with the committed code"}},
	{Cmd: `go tool task generate`, Check: ciStep{"go tool workshop generate -check", "the same generation, compared with the committed files"}},

	// ---- Plain go test in a lesson or solution folder.
	{Cmd: `(cd lessons/\S+ && )?go test( -run \w+| -race)? \./\.\.\.`, Check: ciStep{"go tool workshop verify", "verify runs every lesson's tests on the starter and on the solution (test-solutions adds -race)"}},

	// ---- Maintainers.
	{Cmd: `go test -run '[^']+' \./workshop`, Doc: "docs/checking-docs.md", Check: ciStep{"go tool workshop test-solutions", "test-solutions runs every test of the tools module, these included"}},
	{Cmd: `GOWORK=off go (get -tool \S+|mod tidy)`, Check: cannotRun{"the recipe to upgrade buf: it changes tools/buf/go.mod"}},

	// ---- Changing folder: the commands after it are checked where they run.
	{Cmd: `cd \S+`, Check: cannotRun{"changes the shell's folder; the rules of the commands after it say where they run"}},
}
