"""Tests for aggclient.py as a program: the full client against the finished
Go server. They run it as a user would, from another folder and with no
PYTHONPATH, and check what it prints and its exit status: 0 when the call
succeeds, 1 when it fails, 2 when the arguments are wrong, 130 on Ctrl-C.
(test_streaming.py and test_interop.py cover the streaming rpcs.)
"""

import os
import signal
import subprocess
import sys

import pytest
from grpcfixtures import HERE, clean_env, run_program, shown

CLIENT = HERE / "aggclient.py"
MODES = ["blocking", "future", "aio"]


def check(result, status, stdout, stderr):
    got = (result.returncode, result.stdout.strip(), result.stderr.strip())
    assert got == (status, stdout, stderr), f"want exit {status}, stdout {stdout!r}, stderr {stderr!r}{shown(result)}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "args, want",
    [
        (["sum", "3", "4"], "3 + 4 = 7"),
        (["multiply", "-6", "7"], "-6 * 7 = -42"),
        (["sum", "-2147483648", "0"], "-2147483648 + 0 = -2147483648"),
        (["hello", "good morning"], "hello, you said: good morning"),
    ],
)
def test_answers(aggserver, tmp_path, mode, args, want):
    check(run_program(CLIENT, "--addr", aggserver.addr, "--mode", mode, *args, cwd=tmp_path), 0, want, "")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "args, line",
    [
        (["sum", "2147483647", "1"], "sum failed: OUT_OF_RANGE: 2147483647 + 1 = 2147483648 does not fit in an int32"),
        (["multiply", "70000", "70000"], "multiply failed: OUT_OF_RANGE: 70000 * 70000 = 4900000000 does not fit in an int32"),
        (
            ["hello", ""],
            'hello failed: INVALID_ARGUMENT: greeting is empty; send one, such as {"greeting": "hello"}\n'
            '  greeting: is empty; send one, such as {"greeting": "hello"}',
        ),
    ],
)
def test_server_error(aggserver, tmp_path, mode, args, line):
    """The server refuses the call: one line with the code and details, then
    one per bad field when the server sent a google.rpc.BadRequest."""
    check(run_program(CLIENT, "--addr", aggserver.addr, "--mode", mode, *args, cwd=tmp_path), 1, "", "aggclient: " + line)


@pytest.mark.parametrize("mode", MODES)
def test_server_down(closed_addr, tmp_path, mode):
    """No server at the address: the same advice as the Go client's."""
    result = run_program(CLIENT, "--addr", closed_addr, "--mode", mode, "sum", "3", "4", cwd=tmp_path)
    want = "aggclient: sum failed: UNAVAILABLE: connection refused: is the server running? try `go tool task serve`"
    check(result, 1, "", want)


@pytest.mark.parametrize("mode", MODES)
def test_deadline_exceeded(slow_server, tmp_path, mode):
    result = run_program(CLIENT, "--addr", slow_server, "--mode", mode, "--timeout", "0.5", "sum", "3", "4", cwd=tmp_path)
    check(result, 1, "", "aggclient: sum failed: DEADLINE_EXCEEDED: Deadline Exceeded")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["sum", "3"],
        ["sum", "3", "x"],
        ["sum", "1", "2147483648"],
        ["divide", "6", "3"],
        ["--mode", "sideways", "sum", "3", "4"],
        ["--timeout", "0", "sum", "3", "4"],
        ["--mode", "future", "bidi", "hi"],
    ],
)
def test_bad_arguments(tmp_path, args):
    """Wrong arguments get a usage line and exit status 2, before any call."""
    result = run_program(CLIENT, *args, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("usage: "), shown(result)
    assert "Traceback" not in result.stderr, shown(result)


@pytest.mark.parametrize(
    "addr, problem",
    [
        ("127.0.0.1:99999", "has port 99999; want a port from 1 to 65535"),
        ("localhost:0", "has port 0; want a port from 1 to 65535"),
        ("localhost:http", "has port http; want a port from 1 to 65535"),
        ("bogus", "has no port; want host:port"),
        ("localhost:", "has no port; want host:port"),
        (":50051", "has no host; want host:port"),
    ],
)
def test_bad_address(tmp_path, addr, problem):
    """An address gRPC would misread (127.0.0.1:99999 used to call another
    port) is refused with one line, in the Go client's words, and exit
    status 2."""
    result = run_program(CLIENT, "--addr", addr, "sum", "3", "4", cwd=tmp_path)
    last = result.stderr.strip().splitlines()[-1]
    want = f'aggclient.py: error: argument --addr: address "{addr}" {problem}, such as localhost:50051'
    assert (result.returncode, result.stdout, last) == (2, "", want), shown(result)


@pytest.mark.skipif(os.name == "nt", reason="Ctrl-C cannot be sent to one process on Windows")
@pytest.mark.parametrize("mode", MODES)
def test_ctrl_c(slow_server, tmp_path, mode):
    """Ctrl-C in the middle of a call: one line and exit status 130, no traceback."""
    proc = subprocess.Popen(
        [sys.executable, str(CLIENT), "--addr", slow_server, "--mode", mode, "--timeout", "30", "sum", "3", "4"],
        cwd=tmp_path, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert slow_server.servicer.called.wait(10), "the client's call never reached the server"
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=10)
    finally:
        proc.kill()
        proc.wait()
    assert (proc.returncode, stdout, stderr) == (130, "", "aggclient: interrupted\n")
