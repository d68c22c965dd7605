"""aggclient calls the workshop's gRPC server from Python.

It is the Python twin of the Go client in solutions/04-unary-client:

    python aggclient.py sum 3 4                       prints: 3 + 4 = 7
    python aggclient.py --addr 127.0.0.1:4321 multiply 6 7
    python aggclient.py hello "good morning"          prints the server's reply

--mode picks one of the three ways Python can make the same call:

    blocking  stub.sum(request, timeout=...) waits for the answer (the default).
    future    stub.sum.future(request, timeout=...) starts the call and returns
              at once; .result() waits for the answer later.
    aio       grpc.aio: `await stub.sum(request, timeout=...)` inside asyncio.

Every call carries a deadline (--timeout, in seconds). The exit status is 0 when
the call succeeds; 1 when it fails, after one line on stderr with the status
code and the server's details, such as

    aggclient: sum failed: OUT_OF_RANGE: 2147483647 + 1 = 2147483648 does not fit in an int32

and 2, after a usage line, when the arguments are wrong.
"""

import argparse
import asyncio
import sys

import grpc

# The generated modules live in the package "proto" next to this file. Python
# puts a script's own folder on sys.path, so these imports work from any
# working directory. (protoc ran with -I at the repository root, so the
# generated aggfunc_pb2_grpc.py imports "from proto import aggfunc_pb2" too;
# the README explains why that matters.)
from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

# OPERATORS maps each arithmetic command to the sign it prints.
OPERATORS = {"sum": "+", "multiply": "*"}

MODES = ("blocking", "future", "aio")

# DEFAULTS holds the value of each option that the command line leaves out.
DEFAULTS = {"addr": "localhost:50051", "timeout": 5.0, "mode": "blocking"}


def make_request(args):
    """Builds the request message for the parsed command line."""
    if args.command == "hello":
        return hello_pb2.HelloRequest(greeting=args.greeting)
    return aggfunc_pb2.InputArgsOfBinaryFunc(value1=args.a, value2=args.b)


def stub_method(channel, command):
    """Returns the stub method that makes the call for command on channel.

    A stub is a local object with one method per rpc. Calling the method sends
    the request and returns the response; the method also has .future() and,
    on a grpc.aio channel, returns something to await. The same generated stub
    class works on both kinds of channel.
    """
    if command == "hello":
        return hello_pb2_grpc.HelloServiceStub(channel).SayHello
    stub = aggfunc_pb2_grpc.gRPCRouteFuncsStub(channel)
    # The .proto names the rpcs "sum" and "multiply", so the stub's methods
    # have exactly those names.
    return getattr(stub, command)


def call_blocking(addr, command, request, timeout):
    """Makes the call and waits for its answer: the plain way."""
    with grpc.insecure_channel(addr) as channel:
        return stub_method(channel, command)(request, timeout=timeout)


def call_future(addr, command, request, timeout):
    """Starts the call with .future(), then waits for the answer.

    .future() returns at once, while the call is still on its way; this thread
    could do other work (or start more calls) before it asks for .result().
    .result() raises the same grpc.RpcError that a blocking call would.
    """
    with grpc.insecure_channel(addr) as channel:
        future = stub_method(channel, command).future(request, timeout=timeout)
        return future.result()


async def call_aio(addr, command, request, timeout):
    """Makes the call with grpc.aio, the asyncio API, and awaits its answer.

    While this coroutine waits, the event loop is free to run other
    coroutines: many calls can be in flight on one thread.
    """
    async with grpc.aio.insecure_channel(addr) as channel:
        return await stub_method(channel, command)(request, timeout=timeout)


def call(mode, addr, command, request, timeout):
    """Makes one call in the given mode and returns the response."""
    if mode == "future":
        return call_future(addr, command, request, timeout)
    if mode == "aio":
        return asyncio.run(call_aio(addr, command, request, timeout))
    return call_blocking(addr, command, request, timeout)


def describe(command, request, response):
    """Returns the line to print for a successful call: "3 + 4 = 7"."""
    if command == "hello":
        return response.reply
    return f"{request.value1} {OPERATORS[command]} {request.value2} = {response.value}"


def describe_error(err):
    """Returns a failed call's status as one line: "CODE_NAME: details".

    Every error a call raises is a grpc.RpcError that is also a grpc.Call:
    code() is a grpc.StatusCode such as grpc.StatusCode.OUT_OF_RANGE, and
    details() is the server's message (or gRPC's own, when the call never
    reached a server). Details can span lines; we keep them on one.
    """
    details = " ".join((err.details() or "").split())
    return f"{err.code().name}: {details}"


def int32(text):
    """Parses a command-line operand that must fit in a protobuf int32."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not INT32_MIN <= n <= INT32_MAX:
        raise argparse.ArgumentTypeError(f"{n} does not fit in an int32 ({INT32_MIN} to {INT32_MAX})")
    return n


def seconds(text):
    """Parses --timeout: a positive number of seconds."""
    try:
        t = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not t > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return t


def parse_args(argv):
    """Parses the command line; on a mistake argparse prints usage and exits 2."""
    # The options work before or after the command (aggclient.py --mode aio
    # sum 3 4, or aggclient.py sum 3 4 --mode aio): both parsers take them.
    # Their default is SUPPRESS (leave the option out of the result), so that
    # the command's parser cannot overwrite an option given before the
    # command with a default; DEFAULTS fills in the ones never given.
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--addr", default=argparse.SUPPRESS, help="server address, host:port (default: localhost:50051)"
    )
    options.add_argument(
        "--timeout", type=seconds, default=argparse.SUPPRESS, help="deadline of the call, in seconds (default: 5)"
    )
    options.add_argument(
        "--mode", choices=MODES, default=argparse.SUPPRESS, help="how to make the call (default: blocking)"
    )
    parser = argparse.ArgumentParser(
        prog="aggclient.py",
        description="Call the workshop's gRPC server: sum, multiply or hello.",
        parents=[options],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, verb in (("sum", "add"), ("multiply", "multiply")):
        p = commands.add_parser(name, parents=[options], help=f"{verb} two int32s")
        p.add_argument("a", type=int32, help="the left operand")
        p.add_argument("b", type=int32, help="the right operand")
    p = commands.add_parser("hello", parents=[options], help="send a greeting with SayHello")
    p.add_argument("greeting", nargs="?", default="hello", help="what to say (default: hello)")
    args = parser.parse_args(argv)
    for name, value in DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    return args


def main(argv=None):
    """Runs the command line and returns the exit status."""
    args = parse_args(argv)
    request = make_request(args)
    try:
        response = call(args.mode, args.addr, args.command, request, args.timeout)
    except grpc.RpcError as err:
        print(f"aggclient: {args.command} failed: {describe_error(err)}", file=sys.stderr)
        return 1
    print(describe(args.command, request, response))
    return 0


if __name__ == "__main__":
    sys.exit(main())
