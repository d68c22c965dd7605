"""aggclient calls the workshop's gRPC server from Python.

It is the Python twin of the Go client of lesson 04:

    python aggclient.py sum 3 4                  prints: 3 + 4 = 7
    python aggclient.py --addr 127.0.0.1:4321 multiply 6 7
    python aggclient.py hello "good morning"     prints the server's reply

--mode picks one of the three ways Python can make the same call:

    blocking  stub.sum(request, timeout=...) waits for the answer (the default).
    future    stub.sum.future(request, timeout=...) starts the call and returns
              at once; .result() waits for the answer later.
    aio       grpc.aio: `await stub.sum(request, timeout=...)` inside asyncio.

Every call carries a deadline (--timeout, in seconds). The exit status is 0
when the call succeeds; 1 when it fails, after one line on stderr with the
status code and the server's details, such as

    aggclient: sum failed: OUT_OF_RANGE: 2147483647 + 1 = 2147483648 does not fit in an int32

2, after a usage line, when the arguments are wrong; 130 after Ctrl-C.

The command line itself (parsing, checking the address, printing a result)
is given, in python-client/aggcli.py. The finished client with the streaming
rpcs of lessons 6 to 8 is python-client/aggclient.py.
"""

import asyncio
import sys

try:
    import grpc

    # The generated modules live once, in the package "proto" of
    # python-client/, which the virtualenv puts on Python's path (the README
    # says how and why), with aggcli, the client's command line.
    from proto import aggfunc_pb2, aggfunc_pb2_grpc
    from proto.hello.v1 import hello_pb2, hello_pb2_grpc

    import aggcli
except ModuleNotFoundError as err:
    sys.exit(f"aggclient: {err.msg}: run me with the project's .venv; `go tool task venv` makes or repairs it")


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


def call_many(addr, calls, timeout):
    """Makes every call at once and returns, in the order of calls, each
    call's response or the grpc.RpcError it failed with (Going further).

    calls is a list of (command, request). All the calls share one channel,
    and each starts with .future() before this waits for any answer: the
    same idea as lesson 04's -async, with futures instead of goroutines.
    """
    with grpc.insecure_channel(addr) as channel:
        started = [stub_method(channel, command).future(request, timeout=timeout) for command, request in calls]
        results = []
        for future in started:
            try:
                results.append(future.result())
            except grpc.RpcError as err:
                results.append(err)
        return results


def describe_error(err):
    """Returns a failed call's status as one line: "CODE_NAME: details".

    Every error a call raises is a grpc.RpcError that is also a grpc.Call:
    code() is a grpc.StatusCode such as grpc.StatusCode.OUT_OF_RANGE, and
    details() is the server's message (or gRPC's own, when the call never
    reached a server). Details can span lines; we keep them on one.
    """
    details = " ".join((err.details() or "").split())
    return f"{err.code().name}: {details}"


def main(argv=None):
    """Runs the command line and returns the exit status."""
    args = aggcli.parse_args(argv)
    request = make_request(args)
    try:
        response = call(args.mode, args.addr, args.command, request, args.timeout)
    except grpc.RpcError as err:
        line = aggcli.explain(err, describe_error)
        print(f"aggclient: {args.command} failed: {line}", file=sys.stderr)
        return 1
    print(aggcli.describe(args.command, request, response))
    return 0


if __name__ == "__main__":
    aggcli.run(main)
