"""Tests for aggclient.py: the Python client calls the finished Go server.

There is one test per step of the README, in its order; each stops at the
first thing that is not right yet and says which function to work on. Most
run aggclient.py the way you would, as a program, from another folder, and
check what it prints and its exit status.
"""

import asyncio
import pathlib
import time

import grpc
import pytest
from grpcfixtures import SLOW_SECONDS, run_program, shown

import aggclient
from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

CLIENT = pathlib.Path(__file__).resolve().parent / "aggclient.py"

# What the client prints for each call that works.
ANSWERS = [
    (["sum", "3", "4"], "3 + 4 = 7"),
    (["multiply", "-6", "7"], "-6 * 7 = -42"),
    (["hello", "good morning"], "hello, you said: good morning"),
]


def fail(message):
    # pytrace=False: the message says it all; a traceback would hide it.
    pytest.fail(message, pytrace=False)


def expect_answers(addr, mode, function, cwd):
    """Runs the client in mode for each of ANSWERS; fails on the first wrong one."""
    for args, want in ANSWERS:
        result = run_program(CLIENT, "--addr", addr, "--mode", mode, *args, cwd=cwd)
        got = result.stdout.strip()
        if result.returncode != 0 or got != want:
            fail(
                f"aggclient.py --mode {mode} {' '.join(args)} printed {got!r}, want {want!r}:"
                f" see the TODO in {function} in aggclient.py{shown(result)}"
            )


def expect_one_line(args, code, function, cwd, want=None):
    """Runs the client for a call that fails: it must exit 1 with one line
    on stderr, "aggclient: COMMAND failed: CODE: details", and no traceback."""
    result = run_program(CLIENT, *args, cwd=cwd)
    lines = result.stderr.strip().splitlines()
    line = lines[0] if len(lines) == 1 else ""
    if result.returncode != 1 or result.stdout or f" failed: {code}: " not in line or (want and want not in line):
        fail(
            f"aggclient.py {' '.join(args)}: want exit status 1 and one line on stderr with"
            f" '{code}: {want or '<details>'}': see the TODO in {function} in aggclient.py{shown(result)}"
        )


def expect_deadline(make_call, function):
    """make_call() calls slow_server, which answers after SLOW_SECONDS, with
    a deadline of 0.5s: it must raise DEADLINE_EXCEEDED, in about 0.5s."""
    start = time.monotonic()
    got = attempt(make_call, function)
    took = time.monotonic() - start
    if not isinstance(got, grpc.RpcError):
        fail(
            f"{function} with timeout 0.5 got {got} from a server that answers after {SLOW_SECONDS}s,"
            f" after {took:.1f}s: want DEADLINE_EXCEEDED; give the call its deadline (see the TODO in {function})"
        )
    if got.code() != grpc.StatusCode.DEADLINE_EXCEEDED or took > 2:
        fail(f"{function} with timeout 0.5 raised {got.code().name} after {took:.1f}s, want DEADLINE_EXCEEDED after 0.5s")


def attempt(make_call, function):
    """Returns what make_call() returns, or the grpc.RpcError it raises; any
    other exception (a TODO still to do, a mistake) fails the test in one line."""
    try:
        return make_call()
    except grpc.RpcError as err:
        return err
    except Exception as err:  # noqa: BLE001 (reported, not hidden)
        raised = f"{type(err).__name__}: {err}"
    fail(f"{function} raised {raised} (see the TODO in {function} in aggclient.py)")


def sum_request(a=3, b=4):
    return aggfunc_pb2.InputArgsOfBinaryFunc(value1=a, value2=b)


# Step 1.
def test_blocking_call(aggserver, slow_server, tmp_path):
    expect_answers(aggserver.addr, "blocking", "call_blocking", tmp_path)
    expect_deadline(lambda: aggclient.call_blocking(slow_server, "sum", sum_request(), 0.5), "call_blocking")


class FakeError(grpc.RpcError):
    """An error with the two methods describe_error reads."""

    def __init__(self, code, details):
        self._code, self._details = code, details

    def code(self):
        return self._code

    def details(self):
        return self._details


def server_error(addr, call):
    """Makes call(channel) on the Go server and returns the grpc.RpcError it raises."""
    with grpc.insecure_channel(addr) as channel:
        try:
            call(channel)
        except grpc.RpcError as err:
            return err
    raise AssertionError("the Go server accepted a call it must refuse")


# Step 2.
def test_describe_error(aggserver, slow_server, closed_addr, tmp_path):
    overflow = server_error(
        aggserver.addr, lambda ch: aggfunc_pb2_grpc.gRPCRouteFuncsStub(ch).sum(sum_request(2**31 - 1, 1), timeout=5)
    )
    empty = server_error(
        aggserver.addr,
        lambda ch: hello_pb2_grpc.HelloServiceStub(ch).SayHello(hello_pb2.HelloRequest(greeting=""), timeout=5),
    )
    cases = [
        (overflow, "OUT_OF_RANGE: 2147483647 + 1 = 2147483648 does not fit in an int32"),
        (empty, 'INVALID_ARGUMENT: greeting is empty; send one, such as {"greeting": "hello"}'),
        (FakeError(grpc.StatusCode.UNAVAILABLE, "one\n  two\n"), "UNAVAILABLE: one two"),
        (FakeError(grpc.StatusCode.UNKNOWN, None), "UNKNOWN: "),
    ]
    for err, want in cases:
        got = attempt(lambda: aggclient.describe_error(err), "describe_error")
        if got != want:
            fail(f"describe_error(code {err.code().name}, details {err.details()!r}) = {got!r}, want {want!r}")
    # The same errors, from the program: one line each, exit status 1.
    expect_one_line(["--addr", aggserver.addr, "sum", "2147483647", "1"], "OUT_OF_RANGE", "describe_error", tmp_path)
    expect_one_line(["--addr", slow_server, "--timeout", "0.5", "sum", "3", "4"], "DEADLINE_EXCEEDED", "call_blocking", tmp_path)
    expect_one_line(["--addr", closed_addr, "sum", "3", "4"], "UNAVAILABLE", "call_blocking", tmp_path, "is the server running?")


# Step 3.
def test_future_call(aggserver, slow_server, tmp_path):
    expect_answers(aggserver.addr, "future", "call_future", tmp_path)
    args = ["--addr", aggserver.addr, "--mode", "future", "hello", ""]
    expect_one_line(args, "INVALID_ARGUMENT", "call_future", tmp_path)
    expect_deadline(lambda: aggclient.call_future(slow_server, "sum", sum_request(), 0.5), "call_future")


# Step 4.
def test_aio_call(aggserver, slow_server, tmp_path):
    expect_answers(aggserver.addr, "aio", "call_aio", tmp_path)
    args = ["--addr", aggserver.addr, "--mode", "aio", "multiply", "70000", "70000"]
    expect_one_line(args, "OUT_OF_RANGE", "call_aio", tmp_path)
    expect_deadline(lambda: asyncio.run(aggclient.call_aio(slow_server, "sum", sum_request(), 0.5)), "call_aio")

    # call_aio is a coroutine, so asyncio.gather can run many calls side by
    # side on one thread: ten calls to the slow server, each with a deadline
    # of 0.5s, all end after about 0.5s, not 5.
    async def many():
        calls = [aggclient.call_aio(slow_server, "sum", sum_request(i, i), 0.5) for i in range(10)]
        return await asyncio.gather(*calls, return_exceptions=True)

    start = time.monotonic()
    results = asyncio.run(many())
    took = time.monotonic() - start
    codes = {r.code() for r in results if isinstance(r, grpc.RpcError)}
    if codes != {grpc.StatusCode.DEADLINE_EXCEEDED} or len(results) != 10 or took > 2.5:
        fail(f"ten calls of call_aio at once with asyncio.gather gave {results} in {took:.1f}s,"
             " want ten DEADLINE_EXCEEDED in about 0.5s: see the TODO in call_aio")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["sum", "3"],
        ["sum", "3", "x"],
        ["sum", "3", "4", "5"],
        ["sum", "1", "2147483648"],
        ["divide", "6", "3"],
        ["--mode", "sideways", "sum", "3", "4"],
        ["--timeout", "0", "sum", "3", "4"],
        ["--addr", "127.0.0.1:99999", "sum", "3", "4"],
        ["--addr", "bogus", "sum", "3", "4"],
    ],
)
def test_bad_arguments(tmp_path, args):
    """Wrong arguments get a usage line and exit status 2, before any call.
    (Given: the command line is python-client/aggcli.py's.)"""
    result = run_program(CLIENT, *args, cwd=tmp_path)
    if result.returncode != 2 or not result.stderr.startswith("usage: ") or "Traceback" in result.stderr:
        fail(f"aggclient.py {' '.join(args)}: want exit status 2 and a usage line, no traceback{shown(result)}")
