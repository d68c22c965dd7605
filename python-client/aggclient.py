"""aggclient calls the workshop's gRPC server from Python.

It is the Python twin of the Go client in solutions/04-unary-client, and
the finished client of lesson 05 with the streaming rpcs added:

    python aggclient.py sum 3 4                       prints: 3 + 4 = 7
    python aggclient.py --addr 127.0.0.1:4321 multiply 6 7
    python aggclient.py hello "good morning"          prints the server's reply

and it calls the three streaming rpcs of HelloService (lessons 6 to 8),
printing each reply as it arrives:

    python aggclient.py replies hello                 LotsOfReplies: one greeting, many replies
    python aggclient.py greetings hello hi hey        LotsOfGreetings: many greetings, one reply
    python aggclient.py bidi hello hi hey             BidiHello: a reply to each greeting as it arrives
    python aggclient.py bidi --all hello hi hey       BidiHello: every reply after the last greeting

--mode picks one of the three ways Python can make the same call:

    blocking  stub.sum(request, timeout=...) waits for the answer (the default).
    future    stub.sum.future(request, timeout=...) starts the call and returns
              at once; .result() waits for the answer later.
    aio       grpc.aio: `await stub.sum(request, timeout=...)` inside asyncio.

(future needs a call with one response: replies and bidi take blocking or aio.)

Every call carries a deadline (--timeout, in seconds), which covers the whole
call, every message of a stream included. The exit status is 0 when
the call succeeds; 1 when it fails, after one line on stderr with the status
code and the server's details, such as

    aggclient: sum failed: OUT_OF_RANGE: 2147483647 + 1 = 2147483648 does not fit in an int32

(when nothing listens at the address, the line says what to do:
"is the server running? try `go tool task serve`"); 2, after a usage line,
when the arguments are wrong (an address without a port from 1 to 65535
too); and 130 after Ctrl-C, with one line, "aggclient: interrupted".

When the server explains a failure with a google.rpc.BadRequest detail, one
indented line per bad field follows the first line:

    aggclient: hello failed: INVALID_ARGUMENT: greeting is empty; send one, such as {"greeting": "hello"}
      greeting: is empty; send one, such as {"greeting": "hello"}
"""

import asyncio
import sys

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

# The generated modules live in the package "proto" next to this file. Python
# puts a script's own folder on sys.path, so these imports work from any
# working directory. (protoc ran with -I at the repository root, so the
# generated aggfunc_pb2_grpc.py imports "from proto import aggfunc_pb2" too;
# the README explains why that matters.)
from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

# aggcli holds the command line: parsing, checking the address, printing.
import aggcli

# STREAMING lists the commands that call a streaming rpc of HelloService.
STREAMING = ("replies", "greetings", "bidi")

# HELLO_MODE is the metadata key that picks how BidiHello answers: "each"
# greeting as it arrives (the server's default), or "all" after the last one.
HELLO_MODE = "hello-mode"

# CREDENTIALS are the TLS credentials of every call, from --cacert, --cert
# and --key (aggcli.credentials), or None for plaintext; main sets them.
CREDENTIALS = None


def open_channel(addr):
    """Returns a channel to addr: TLS with CREDENTIALS, or plaintext."""
    if CREDENTIALS is None:
        return grpc.insecure_channel(addr)
    return grpc.secure_channel(addr, CREDENTIALS)


def open_aio_channel(addr):
    """Returns a grpc.aio channel to addr: TLS with CREDENTIALS, or plaintext."""
    if CREDENTIALS is None:
        return grpc.aio.insecure_channel(addr)
    return grpc.aio.secure_channel(addr, CREDENTIALS)


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



def call_secure(mode, addr, command, request, timeout):
    """Makes call's call over TLS, with CREDENTIALS, in the same three modes.
    (call and its helpers stay as lesson 05 wrote them, in plaintext.)"""
    if mode == "aio":

        async def call_aio_secure():
            async with open_aio_channel(addr) as channel:
                return await stub_method(channel, command)(request, timeout=timeout)

        return asyncio.run(call_aio_secure())
    with open_channel(addr) as channel:
        method = stub_method(channel, command)
        if mode == "future":
            return method.future(request, timeout=timeout).result()
        return method(request, timeout=timeout)

# The streaming rpcs. A stream's messages are Python iterators: the client
# passes an iterator of requests, and reads an iterator of responses, which
# ends when the server ends the stream. gRPC sends the requests from its own
# thread (or task, with grpc.aio) while this one reads the responses, so the
# two directions run at the same time.


def greeting_requests(greetings):
    """Yields one HelloRequest per greeting: the stream a client sends."""
    for greeting in greetings:
        yield hello_pb2.HelloRequest(greeting=greeting)


def bidi_metadata(answer_all):
    """The metadata of a BidiHello call: hello-mode: all, or nothing."""
    return ((HELLO_MODE, "all"),) if answer_all else None


def replies_blocking(addr, greeting, timeout, metadata=None):
    """Calls LotsOfReplies and yields each reply as it arrives.

    The call returns an iterator at once; each step waits for the next reply,
    and the loop ends when the server ends the stream. A failed call raises
    grpc.RpcError from the loop, after the replies before the failure.
    Stopping early (closing this generator) closes the channel, which cancels
    the call, and the server stops sending. metadata goes with the call, such
    as (("hello-replies", "10"),).
    """
    with open_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        request = hello_pb2.HelloRequest(greeting=greeting)
        for response in stub.LotsOfReplies(request, timeout=timeout, metadata=metadata):
            yield response.reply


async def replies_aio(addr, greeting, timeout, metadata=None):
    """LotsOfReplies with grpc.aio: an async generator of the replies."""
    async with open_aio_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        request = hello_pb2.HelloRequest(greeting=greeting)
        async for response in stub.LotsOfReplies(request, timeout=timeout, metadata=metadata):
            yield response.reply


def greetings_blocking(addr, greetings, timeout):
    """Calls LotsOfGreetings with a stream of greetings; returns its one reply.

    gRPC sends the requests as it takes them from the iterator, and closes
    the client's side of the stream when the iterator ends; then the server
    answers.
    """
    with open_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        return stub.LotsOfGreetings(greeting_requests(greetings), timeout=timeout).reply


def greetings_future(addr, greetings, timeout):
    """LotsOfGreetings with .future(): one response, so a future works."""
    with open_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        future = stub.LotsOfGreetings.future(greeting_requests(greetings), timeout=timeout)
        return future.result().reply


async def greetings_aio(addr, greetings, timeout):
    """LotsOfGreetings with grpc.aio, from an async generator of requests."""

    async def requests():
        for greeting in greetings:
            yield hello_pb2.HelloRequest(greeting=greeting)

    async with open_aio_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        response = await stub.LotsOfGreetings(requests(), timeout=timeout)
        return response.reply


def bidi_blocking(addr, greetings, timeout, answer_all=False):
    """Calls BidiHello and yields each reply as it arrives.

    gRPC sends the greetings from a thread of its own while this generator
    reads the replies: the two streams are independent. With answer_all,
    the metadata asks the server to answer only after the last greeting.
    """
    with open_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        responses = stub.BidiHello(greeting_requests(greetings), timeout=timeout, metadata=bidi_metadata(answer_all))
        for response in responses:
            yield response.reply


async def bidi_aio(addr, greetings, timeout, answer_all=False):
    """BidiHello with grpc.aio: an async generator of the replies.

    The call takes an async generator of requests, which grpc.aio runs in a
    task of its own. (The call also has write() and done_writing(), for a
    client that decides what to send while it reads.)
    """

    async def requests():
        for greeting in greetings:
            yield hello_pb2.HelloRequest(greeting=greeting)

    async with open_aio_channel(addr) as channel:
        stub = hello_pb2_grpc.HelloServiceStub(channel)
        call = stub.BidiHello(requests(), timeout=timeout, metadata=bidi_metadata(answer_all))
        async for response in call:
            yield response.reply


def stream(args, show):
    """Makes the streaming call of args.command in args.mode, and calls show
    with each reply as it arrives."""
    if args.command == "greetings":
        call = {"blocking": greetings_blocking, "future": greetings_future}.get(args.mode)
        if call:
            show(call(args.addr, args.greetings, args.timeout))
        else:
            show(asyncio.run(greetings_aio(args.addr, args.greetings, args.timeout)))
        return
    if args.command == "replies":
        blocking, aio, call_args = replies_blocking, replies_aio, (args.addr, args.greeting, args.timeout)
    else:
        blocking, aio, call_args = bidi_blocking, bidi_aio, (args.addr, args.greetings, args.timeout, args.all)
    if args.mode == "aio":

        async def show_all():
            async for reply in aio(*call_args):
                show(reply)

        asyncio.run(show_all())
    else:
        for reply in blocking(*call_args):
            show(reply)


def describe_error(err):
    """Returns a failed call's status as one line: "CODE_NAME: details".

    Every error a call raises is a grpc.RpcError that is also a grpc.Call:
    code() is a grpc.StatusCode such as grpc.StatusCode.OUT_OF_RANGE, and
    details() is the server's message (or gRPC's own, when the call never
    reached a server). Details can span lines; we keep them on one.
    """
    details = " ".join((err.details() or "").split())
    return f"{err.code().name}: {details}"


def field_violations(err):
    """Returns one line, "FIELD: DESCRIPTION", for each field violation in
    the google.rpc.BadRequest details of a failed call; none when it has
    no such detail.

    The server sends the details in the trailer grpc-status-details-bin: a
    google.rpc.Status holding the code, the message and a list of Any, each
    a message of its own type. rpc_status.from_call reads that trailer back
    into a Status (None when the server sent none); a detail whose Any holds
    a BadRequest unpacks into one. A Go client does the same with
    status.Convert(err).Details() (lesson 9).
    """
    try:
        status = rpc_status.from_call(err)
    except ValueError:
        return []  # the trailer disagrees with the call's own code or message
    lines = []
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            lines.extend(f"{v.field}: {v.description}" for v in bad.field_violations)
    return lines


def main(argv=None):
    """Runs the command line and returns the exit status."""
    global CREDENTIALS
    args = aggcli.parse_args(argv, streaming=True, tls=True)
    CREDENTIALS = aggcli.credentials(args)
    try:
        if args.command in STREAMING:
            # flush: show each reply as it arrives, even into a pipe.
            stream(args, lambda reply: print(reply, flush=True))
            return 0
        request = make_request(args)
        response = (call_secure if CREDENTIALS else call)(args.mode, args.addr, args.command, request, args.timeout)
    except grpc.RpcError as err:
        print(f"aggclient: {args.command} failed: {aggcli.explain(err, describe_error)}", file=sys.stderr)
        for line in field_violations(err):
            print(f"  {line}", file=sys.stderr)
        return 1
    print(aggcli.describe(args.command, request, response))
    return 0


if __name__ == "__main__":
    aggcli.run(main)
