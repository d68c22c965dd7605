"""client runs a subset of gRPC's interop cases from Python against any
grpc.testing.TestService server: lesson 17's capstone, grpc-go's reference
server, or another language's.

    python python-client/interop/client.py --server_port 10000
    python python-client/interop/client.py --server_host localhost --server_port 10000 --test_case large_unary

The flags are named as in gRPC's own interop clients (--server_host,
--server_port, --test_case), so a command line for grpc-go's client reads the
same. --test_case all (the default) runs every case below, in order, over one
channel, and prints one line per case: "empty_unary: passed", or
"large_unary: FAILED: " and what came back against what the case wants. The
exit status is 0 when every case passes, 1 when one fails, 2 when the
arguments are wrong.

The cases do what gRPC's interop-test-descriptions.md says, with the sizes
and values grpc-go's client uses:

    empty_unary              EmptyCall(Empty) returns an Empty.
    large_unary              UnaryCall with 271828 bytes returns 314159 bytes.
    custom_metadata          The server echoes x-grpc-test-echo-initial in its
                             headers and x-grpc-test-echo-trailing-bin (binary)
                             in its trailers, on UnaryCall and FullDuplexCall.
    status_code_and_message  A request that asks for code 2 and a message gets
                             UNKNOWN and that message, on UnaryCall and
                             FullDuplexCall.
    special_status_message   The same with whitespace and Unicode (BMP and
                             beyond) in the message, which must arrive intact.
    unimplemented_method     TestService/UnimplementedCall gets UNIMPLEMENTED.
    unimplemented_service    UnimplementedService/UnimplementedCall gets
                             UNIMPLEMENTED.

The stubs come from the descriptors compiled into grpc-go (see README.md).
Every call has a deadline (--timeout, in seconds).
"""

import argparse
import sys

import grpc

# The stubs live with the workshop's others in python-client/proto (made
# from grpc-go's descriptors; see README.md), which the virtualenv has on its
# path (python-client/install_path.py), so this imports from any folder.
from proto.grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc

LARGE_REQUEST_SIZE = 271828
LARGE_RESPONSE_SIZE = 314159

INITIAL_KEY, INITIAL_VALUE = "x-grpc-test-echo-initial", "test_initial_metadata_value"
# Keys ending in -bin carry bytes; grpcio base64-encodes them on the wire.
TRAILING_KEY, TRAILING_VALUE = "x-grpc-test-echo-trailing-bin", b"\x0a\x0b\x0a\x0b\x0a\x0b"

STATUS_MESSAGE = "test status message"
SPECIAL_STATUS_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"

DEFAULT_TIMEOUT = 10.0


class CaseFailed(Exception):
    """A case got something other than what it wants; the message says what
    came back and what was wanted."""


def payload(size):
    """A COMPRESSABLE payload of size zero bytes, as the suite sends."""
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=bytes(size))


def rpc_failed(method, err):
    """A CaseFailed for a call that should have succeeded."""
    return CaseFailed(f"{method} failed: {err.code().name}: {err.details()}")


def check_payload(method, got, size):
    """The response's payload is COMPRESSABLE and size bytes long."""
    kind = messages_pb2.PayloadType.Name(got.type)
    if got.type != messages_pb2.COMPRESSABLE or len(got.body) != size:
        raise CaseFailed(f"{method} returned a {kind} payload of {len(got.body)} bytes, want COMPRESSABLE, {size} bytes")


def empty_unary(channel, timeout):
    stub = test_pb2_grpc.TestServiceStub(channel)
    try:
        reply = stub.EmptyCall(empty_pb2.Empty(), timeout=timeout)
    except grpc.RpcError as err:
        raise rpc_failed("EmptyCall", err) from None
    if reply != empty_pb2.Empty():
        raise CaseFailed(f"EmptyCall returned {reply!r}, want an empty Empty")


def large_unary(channel, timeout):
    stub = test_pb2_grpc.TestServiceStub(channel)
    request = messages_pb2.SimpleRequest(
        response_type=messages_pb2.COMPRESSABLE, response_size=LARGE_RESPONSE_SIZE, payload=payload(LARGE_REQUEST_SIZE)
    )
    try:
        reply = stub.UnaryCall(request, timeout=timeout)
    except grpc.RpcError as err:
        raise rpc_failed("UnaryCall", err) from None
    check_payload("UnaryCall", reply.payload, LARGE_RESPONSE_SIZE)


def check_echo(method, initial, trailing):
    """The server echoed both metadata entries, each exactly once."""
    got_initial = [v for k, v in initial if k == INITIAL_KEY]
    got_trailing = [v for k, v in trailing if k == TRAILING_KEY]
    if got_initial != [INITIAL_VALUE]:
        raise CaseFailed(f"{method}'s headers had {INITIAL_KEY} = {got_initial!r}, want [{INITIAL_VALUE!r}]")
    if got_trailing != [TRAILING_VALUE]:
        raise CaseFailed(f"{method}'s trailers had {TRAILING_KEY} = {got_trailing!r}, want [{TRAILING_VALUE!r}]")


def custom_metadata(channel, timeout):
    stub = test_pb2_grpc.TestServiceStub(channel)
    metadata = ((INITIAL_KEY, INITIAL_VALUE), (TRAILING_KEY, TRAILING_VALUE))
    request = messages_pb2.SimpleRequest(response_type=messages_pb2.COMPRESSABLE, response_size=1, payload=payload(1))
    try:
        reply, call = stub.UnaryCall.with_call(request, metadata=metadata, timeout=timeout)
    except grpc.RpcError as err:
        raise rpc_failed("UnaryCall", err) from None
    check_payload("UnaryCall", reply.payload, 1)
    check_echo("UnaryCall", call.initial_metadata(), call.trailing_metadata())

    stream_request = messages_pb2.StreamingOutputCallRequest(
        response_type=messages_pb2.COMPRESSABLE,
        response_parameters=[messages_pb2.ResponseParameters(size=1)],
        payload=payload(1),
    )
    call = stub.FullDuplexCall(iter([stream_request]), metadata=metadata, timeout=timeout)
    try:
        replies = list(call)
    except grpc.RpcError as err:
        raise rpc_failed("FullDuplexCall", err) from None
    if len(replies) != 1:
        raise CaseFailed(f"FullDuplexCall returned {len(replies)} responses, want 1")
    check_payload("FullDuplexCall", replies[0].payload, 1)
    check_echo("FullDuplexCall", call.initial_metadata(), call.trailing_metadata())


def check_status(method, call_it, message):
    """call_it() must fail with UNKNOWN (code 2) and exactly message."""
    try:
        call_it()
    except grpc.RpcError as err:
        if err.code() != grpc.StatusCode.UNKNOWN or err.details() != message:
            raise CaseFailed(f"{method} failed with {err.code().name}: {err.details()!r}, want UNKNOWN: {message!r}") from None
        return
    raise CaseFailed(f"{method} succeeded, want UNKNOWN: {message!r}")


def status_code_and_message(channel, timeout):
    stub = test_pb2_grpc.TestServiceStub(channel)
    echo = messages_pb2.EchoStatus(code=grpc.StatusCode.UNKNOWN.value[0], message=STATUS_MESSAGE)
    check_status("UnaryCall", lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=echo), timeout=timeout), STATUS_MESSAGE)
    stream_request = messages_pb2.StreamingOutputCallRequest(response_status=echo)
    check_status(
        "FullDuplexCall", lambda: list(stub.FullDuplexCall(iter([stream_request]), timeout=timeout)), STATUS_MESSAGE
    )


def special_status_message(channel, timeout):
    stub = test_pb2_grpc.TestServiceStub(channel)
    echo = messages_pb2.EchoStatus(code=grpc.StatusCode.UNKNOWN.value[0], message=SPECIAL_STATUS_MESSAGE)
    request = messages_pb2.SimpleRequest(response_status=echo)
    check_status("UnaryCall", lambda: stub.UnaryCall(request, timeout=timeout), SPECIAL_STATUS_MESSAGE)


def check_unimplemented(method, call_it):
    """call_it() must fail with UNIMPLEMENTED."""
    try:
        call_it()
    except grpc.RpcError as err:
        if err.code() != grpc.StatusCode.UNIMPLEMENTED:
            raise CaseFailed(f"{method} failed with {err.code().name}: {err.details()!r}, want UNIMPLEMENTED") from None
        return
    raise CaseFailed(f"{method} succeeded, want UNIMPLEMENTED")


def unimplemented_method(channel, timeout):
    stub = test_pb2_grpc.TestServiceStub(channel)
    check_unimplemented("TestService/UnimplementedCall", lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=timeout))


def unimplemented_service(channel, timeout):
    stub = test_pb2_grpc.UnimplementedServiceStub(channel)
    check_unimplemented(
        "UnimplementedService/UnimplementedCall", lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=timeout)
    )


# CASES are run in this order by --test_case all.
CASES = {
    f.__name__: f
    for f in (
        empty_unary,
        large_unary,
        custom_metadata,
        status_code_and_message,
        special_status_message,
        unimplemented_method,
        unimplemented_service,
    )
}


def run_cases(target, names, timeout=DEFAULT_TIMEOUT, out=sys.stdout):
    """Runs the named cases against target over one channel, prints a line
    for each, and returns how many failed."""
    failed = 0
    with grpc.insecure_channel(target) as channel:
        for name in names:
            try:
                CASES[name](channel, timeout)
            except CaseFailed as err:
                failed += 1
                print(f"{name}: FAILED: {err}", file=out, flush=True)
            else:
                print(f"{name}: passed", file=out, flush=True)
    return failed


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run gRPC interop cases from Python against a grpc.testing.TestService server.")
    parser.add_argument("--server_host", default="localhost", help="the server's host (default: localhost)")
    parser.add_argument("--server_port", type=int, required=True, help="the server's port")
    parser.add_argument(
        "--test_case", default="all", choices=["all", *CASES], help="the case to run (default: all, one after another)"
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="each call's deadline, in seconds (default: 10)")
    args = parser.parse_args(argv)
    if not 0 < args.server_port < 65536:
        parser.error(f"--server_port {args.server_port}: want a port from 1 to 65535")
    names = list(CASES) if args.test_case == "all" else [args.test_case]
    host = f"[{args.server_host}]" if ":" in args.server_host else args.server_host
    return 1 if run_cases(f"{host}:{args.server_port}", names, args.timeout) else 0


if __name__ == "__main__":
    sys.exit(main())
