"""pyserver serves the blog post's API from Python, written with grpcio.

It answers gRPCRouteFuncs.sum and .multiply and HelloService.SayHello the way
the Go server in solutions/03-unary-server does, status codes included, so
that the Go client can prove it talks to a server in another language:

    python pyserver.py --addr 127.0.0.1:0
    go run ./cmd/aggclient -addr 127.0.0.1:PORT sum 3 4   (in solutions/04-unary-client)

Its first line on stderr is "listening on HOST:PORT", with the port it really
got. Ctrl-C or SIGTERM stops it: calls in flight get a second to finish.
"""

import argparse
import signal
import sys
import threading
from concurrent import futures

import grpc

from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


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


class Hello(hello_pb2_grpc.HelloServiceServicer):
    """HelloService with its unary rpc. The generated base class answers the
    three streaming rpcs with UNIMPLEMENTED, as the Go server does for now."""

    def SayHello(self, request, context):
        """Answers one greeting with one reply."""
        if not request.greeting:
            context.abort(
                grpc.StatusCode.INVALID_ARGUMENT, 'greeting is empty; send one, such as {"greeting": "hello"}'
            )
        return hello_pb2.HelloResponse(reply="hello, you said: " + request.greeting)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="pyserver.py", description="Serve sum, multiply and SayHello from Python.")
    parser.add_argument(
        "--addr",
        default="localhost:50051",
        help="address to listen on, host:port; 127.0.0.1:0 picks a free port (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
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
