"""pyserver serves the blog post's API from Python, written with grpcio.

It answers gRPCRouteFuncs.sum and .multiply and all four rpcs of
HelloService the way the finished Go server (finished/cmd/server) does, texts,
metadata and status codes included, so that the Go clients can prove they
talk to a server in another language:

    python pyserver.py --addr 127.0.0.1:0
    go run ./cmd/aggclient -addr 127.0.0.1:PORT sum 3 4        (in solutions/04-unary-client)
    go run ./cmd/helloclient -addr 127.0.0.1:PORT bidi hi hey  (in solutions/08-bidi-streaming)

Its first line on stderr is "listening on HOST:PORT", with the port it really
got. Ctrl-C or SIGTERM stops it: calls in flight get a second to finish.
"""

import argparse
import re
import signal
import sys
import threading
from concurrent import futures

import grpc

from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

# The metadata keys HelloService reads, as in the Go server.
REPLIES_KEY, INTERVAL_KEY, MODE_KEY = "hello-replies", "hello-interval", "hello-mode"

SEND_ONE = 'send one, such as {"greeting": "hello"}'
EMPTY = "greeting is empty; " + SEND_ONE

# A Go duration such as "500ms", "1.5s" or "1m30s", in seconds per unit.
DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")


def fit_int32(context, a, op, b, result):
    """Wraps the result of "a op b" in a ReturnValue, or aborts the call with
    OUT_OF_RANGE when it does not fit in the reply's int32.

    Python's integers never overflow, so result is exact; the check is what
    stops a value the reply cannot hold from going on the wire.
    """
    if not INT32_MIN <= result <= INT32_MAX:
        # context.abort raises: the call ends here with this status.
        context.abort(grpc.StatusCode.OUT_OF_RANGE, f"{a} {op} {b} = {result} does not fit in an int32")
    return aggfunc_pb2.ReturnValue(value=result)


class RouteFuncs(aggfunc_pb2_grpc.gRPCRouteFuncsServicer):
    """The gRPCRouteFuncs service: sum and multiply of two int32s."""

    def sum(self, request, context):
        """Returns value1 + value2."""
        a, b = request.value1, request.value2
        return fit_int32(context, a, "+", b, a + b)

    def multiply(self, request, context):
        """Returns value1 * value2."""
        a, b = request.value1, request.value2
        return fit_int32(context, a, "*", b, a * b)


def parse_duration(text):
    """Parses a Go duration such as "500ms" into seconds, or returns None."""
    if text == "0":
        return 0.0
    parts = DURATION.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return None
    return sum(float(number) * DURATION_UNITS[unit] for number, unit in parts)


def numbered(i, n, greeting):
    """The text of reply i of n: "reply 1 of 3: hello, you said: hello"."""
    return f"reply {i} of {n}: hello, you said: {greeting}"


def read_greetings(request_iterator, context):
    """Reads the client's stream to its end; aborts at an empty greeting."""
    greetings = []
    for request in request_iterator:
        if not request.greeting:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"greeting {len(greetings) + 1} is empty; {SEND_ONE}")
        greetings.append(request.greeting)
    return greetings


class Hello(hello_pb2_grpc.HelloServiceServicer):
    """HelloService, all four rpcs. In grpcio, a stream of requests is an
    iterator that the handler reads, and a handler that yields sends a stream
    of responses."""

    def SayHello(self, request, context):
        """Answers one greeting with one reply."""
        if not request.greeting:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, EMPTY)
        return hello_pb2.HelloResponse(reply="hello, you said: " + request.greeting)

    def LotsOfReplies(self, request, context):
        """Answers one greeting with a stream of numbered replies: 3, or as
        many as the metadata hello-replies asks, hello-interval apart."""
        if not request.greeting:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, EMPTY)
        metadata = dict(context.invocation_metadata())
        n, interval = 3, 0.0
        if REPLIES_KEY in metadata:
            text = metadata[REPLIES_KEY]
            n = int(text) if text.isdigit() else 0
            if not 1 <= n <= 1_000_000:
                context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT, f'metadata {REPLIES_KEY}: "{text}" is not a number from 1 to 1000000'
                )
        if INTERVAL_KEY in metadata:
            text = metadata[INTERVAL_KEY]
            interval = parse_duration(text)
            if interval is None or interval > 60:
                context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT,
                    f'metadata {INTERVAL_KEY}: "{text}" is not a duration from 0s to 1m, such as 500ms',
                )
        # ended is set when the call ends (done, canceled or past its
        # deadline), so a pause between replies stops at once.
        ended = threading.Event()
        context.add_callback(ended.set)
        for i in range(1, n + 1):
            if i > 1 and interval and ended.wait(interval):
                return
            yield hello_pb2.HelloResponse(reply=numbered(i, n, request.greeting))

    def LotsOfGreetings(self, request_iterator, context):
        """Reads every greeting until the client closes its side, then
        answers once."""
        greetings = read_greetings(request_iterator, context)
        if not greetings:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no greetings: send at least one before closing the stream")
        noun = "greeting" if len(greetings) == 1 else "greetings"
        return hello_pb2.HelloResponse(reply=f"hello, you said {len(greetings)} {noun}: {', '.join(greetings)}")

    def BidiHello(self, request_iterator, context):
        """Answers each greeting as it arrives, or, with the metadata
        hello-mode: all, every greeting after the last one."""
        mode = dict(context.invocation_metadata()).get(MODE_KEY, "each")
        if mode == "all":
            greetings = read_greetings(request_iterator, context)
            for i, greeting in enumerate(greetings, 1):
                yield hello_pb2.HelloResponse(reply=numbered(i, len(greetings), greeting))
        elif mode == "each":
            for i, request in enumerate(request_iterator, 1):
                if not request.greeting:
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"greeting {i} is empty; {SEND_ONE}")
                yield hello_pb2.HelloResponse(reply="hello, you said: " + request.greeting)
        else:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f'metadata {MODE_KEY}: unknown mode "{mode}"; want each or all')


def main(argv=None):
    parser = argparse.ArgumentParser(prog="pyserver.py", description="Serve sum, multiply and HelloService from Python.")
    parser.add_argument(
        "--addr",
        default="localhost:50051",
        help="address to listen on, host:port; 127.0.0.1:0 picks a free port (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    # Each call in flight holds a thread, streams for as long as they last.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    aggfunc_pb2_grpc.add_gRPCRouteFuncsServicer_to_server(RouteFuncs(), server)
    hello_pb2_grpc.add_HelloServiceServicer_to_server(Hello(), server)
    try:
        port = server.add_insecure_port(args.addr)
    except RuntimeError as err:
        print(f"cannot listen on {args.addr}: {err}", file=sys.stderr)
        return 1
    host = args.addr.rpartition(":")[0]
    server.start()
    print(f"listening on {host}:{port}", file=sys.stderr, flush=True)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    # Wait in short steps: a wait without a timeout would not notice Ctrl-C
    # on Windows.
    while not stop.wait(timeout=0.5):
        pass
    print("stopping", file=sys.stderr, flush=True)
    server.stop(grace=1).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
