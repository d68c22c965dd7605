"""Tests for aggclient.py: the Python client calls the finished Go server.

Most tests run aggclient.py the way you would, as a program: with this
Python (the project's .venv), from another working directory, and with no
PYTHONPATH. They check what it prints and its exit status: 0 when the call
succeeds, 1 when it fails, 2 when the arguments are wrong.

When a test fails, its message names the function to work on; on the
starter, the client's own error output below it shows the TODO.
"""

import asyncio
import os
import pathlib
import subprocess
import sys
import time

import pytest

import aggclient
from proto import aggfunc_pb2

CLIENT = pathlib.Path(__file__).resolve().parent / "aggclient.py"
MODES = ["blocking", "future", "aio"]

# Where each mode's call is made, to point a failing test at it.
FUNCTION = {"blocking": "call_blocking", "future": "call_future", "aio": "call_aio"}


def run_client(*args, cwd):
    """Runs aggclient.py with args, as a learner would, and returns the
    finished process (stdout, stderr, returncode)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, str(CLIENT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def shown(result):
    """Formats what the client printed, to quote in a failure message."""
    return f"\n--- exit status {result.returncode}; stdout:\n{result.stdout}--- stderr:\n{result.stderr}"


def assert_success(result, want, function):
    got = result.stdout.strip()
    if result.returncode != 0 or got != want:
        # pytrace=False: the message says it all; pytest's own traceback of
        # this helper would only hide it.
        pytest.fail(
            f"aggclient.py printed {got!r} and exited {result.returncode}, want {want!r} and 0"
            f" (see the TODO in {function} in aggclient.py){shown(result)}",
            pytrace=False,
        )


def assert_failure(result, code, function):
    """Checks a failed call: exit status 1, nothing on stdout, and exactly one
    line on stderr that names the status code, with no traceback."""
    lines = result.stderr.strip().splitlines()
    if result.returncode != 1 or len(lines) != 1 or f": {code}: " not in lines[0] or "Traceback" in result.stderr:
        pytest.fail(
            f"aggclient.py exited {result.returncode} with {len(lines)} line(s) on stderr,"
            f" want exit status 1 and one line with '{code}: <details>'"
            f" (see the TODOs in {function} and describe_error in aggclient.py){shown(result)}",
            pytrace=False,
        )
    if result.stdout:
        pytest.fail(f"a failed call printed {result.stdout!r} on stdout, want nothing{shown(result)}", pytrace=False)


ARITHMETIC = [
    (["sum", "3", "4"], "3 + 4 = 7"),
    (["multiply", "3", "4"], "3 * 4 = 12"),
    (["sum", "-3", "4"], "-3 + 4 = 1"),
    (["multiply", "-6", "7"], "-6 * 7 = -42"),
]


@pytest.mark.parametrize("args, want", ARITHMETIC)
def test_blocking_call(aggserver, tmp_path, args, want):
    result = run_client("--addr", aggserver.addr, *args, cwd=tmp_path)
    assert_success(result, want, "call_blocking")


@pytest.mark.parametrize("args, want", ARITHMETIC)
def test_future_call(aggserver, tmp_path, args, want):
    result = run_client("--addr", aggserver.addr, "--mode", "future", *args, cwd=tmp_path)
    assert_success(result, want, "call_future")


@pytest.mark.parametrize("args, want", ARITHMETIC)
def test_aio_call(aggserver, tmp_path, args, want):
    result = run_client("--addr", aggserver.addr, "--mode", "aio", *args, cwd=tmp_path)
    assert_success(result, want, "call_aio")


def test_aio_calls_run_together(aggserver):
    """Many grpc.aio calls in flight at once, on one thread: call_aio is a
    coroutine, so asyncio.gather can run them side by side."""

    async def many():
        calls = [
            aggclient.call_aio(aggserver.addr, "multiply", aggfunc_pb2.InputArgsOfBinaryFunc(value1=i, value2=i), 5)
            for i in range(10)
        ]
        return await asyncio.gather(*calls)

    responses = asyncio.run(many())
    got = [r.value for r in responses]
    assert got == [i * i for i in range(10)], f"ten calls of multiply(i, i) gave {got} (see the TODO in call_aio)"


@pytest.mark.parametrize("mode", MODES)
def test_say_hello(aggserver, tmp_path, mode):
    result = run_client("--addr", aggserver.addr, "--mode", mode, "hello", "good morning", cwd=tmp_path)
    assert_success(result, "hello, you said: good morning", FUNCTION[mode])


SERVER_ERRORS = [
    (["sum", "2147483647", "1"], "OUT_OF_RANGE"),
    (["multiply", "70000", "70000"], "OUT_OF_RANGE"),
    (["hello", ""], "INVALID_ARGUMENT"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("args, code", SERVER_ERRORS)
def test_server_error(aggserver, tmp_path, mode, args, code):
    """The server refuses the call: one line with the code and details."""
    result = run_client("--addr", aggserver.addr, "--mode", mode, *args, cwd=tmp_path)
    assert_failure(result, code, FUNCTION[mode])


@pytest.mark.parametrize("mode", MODES)
def test_server_down(closed_addr, tmp_path, mode):
    """No server at the address: gRPC itself says UNAVAILABLE."""
    result = run_client("--addr", closed_addr, "--mode", mode, "sum", "3", "4", cwd=tmp_path)
    assert_failure(result, "UNAVAILABLE", FUNCTION[mode])


@pytest.mark.parametrize("mode", MODES)
def test_deadline_exceeded(slow_server, tmp_path, mode):
    """The server takes 10 seconds; with --timeout 0.5 the client gives up."""
    start = time.monotonic()
    result = run_client("--addr", slow_server, "--mode", mode, "--timeout", "0.5", "sum", "3", "4", cwd=tmp_path)
    took = time.monotonic() - start
    if result.returncode == 0:
        pytest.fail(
            f"the call waited {took:.1f}s for the slow server's answer instead of giving up after 0.5s:"
            f" pass the deadline, timeout=timeout, to the call (see the TODO in {FUNCTION[mode]}){shown(result)}",
            pytrace=False,
        )
    assert_failure(result, "DEADLINE_EXCEEDED", FUNCTION[mode])


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
    ],
)
def test_bad_arguments(tmp_path, args):
    """Wrong arguments get a usage line and exit status 2, before any call."""
    result = run_client(*args, cwd=tmp_path)
    if result.returncode != 2 or not result.stderr.startswith("usage: ") or "Traceback" in result.stderr:
        pytest.fail(
            f"aggclient.py {' '.join(args)} exited {result.returncode},"
            f" want 2 and a usage line, no traceback{shown(result)}",
            pytrace=False,
        )
