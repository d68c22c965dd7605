"""The Python interop client (client.py) against Go servers of
grpc.testing.TestService: every case passes against grpc-go's reference
server and against lesson 17's capstone, so the capstone speaks gRPC to
another language as grpc-go does. Each case also fails, with a line that
says why, against a Python server with one flaw made for that case, so a
case that passes has checked something.
"""

import io
import pathlib
from concurrent import futures

import grpc
import pytest
from grpcfixtures import run_program, shown

from interop import client
from interop.client import CASES, run_cases
from proto.grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc

HERE = pathlib.Path(__file__).resolve().parent


def run(target, *names):
    """Runs the cases against target in this process: (how many failed,
    the lines printed)."""
    out = io.StringIO()
    failed = run_cases(target, names or list(CASES), timeout=10, out=out)
    return failed, out.getvalue().splitlines()


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("server", ["interop_reference_server", "capstone_server"])
def test_case_passes(request, server, case):
    go_server = request.getfixturevalue(server)
    failed, lines = run(go_server.addr, case)
    assert lines == [f"{case}: passed"], (
        f"{case} against {go_server.name} at {go_server.addr}: got {lines}, want it to pass; "
        f"the server's log ends:\n" + "\n".join(go_server.log[-5:])
    )
    assert failed == 0


def test_program_runs_every_case(capstone_server, tmp_path):
    """client.py as a program, from another folder, as a learner runs it."""
    host, port = capstone_server.addr.rsplit(":", 1)
    result = run_program(HERE / "client.py", "--server_host", host, "--server_port", port, cwd=tmp_path)
    assert result.returncode == 0, "client.py against the capstone failed:" + shown(result)
    assert result.stdout.splitlines() == [f"{name}: passed" for name in CASES], shown(result)


def test_program_refuses_a_bad_port(tmp_path):
    result = run_program(HERE / "client.py", "--server_port", "99999", cwd=tmp_path)
    assert result.returncode == 2, shown(result)
    assert "want a port from 1 to 65535" in result.stderr, shown(result)


INITIAL_KEY, TRAILING_KEY = client.INITIAL_KEY, client.TRAILING_KEY


class FlawedTestService(test_pb2_grpc.TestServiceServicer):
    """A Python grpc.testing.TestService for the unary cases, right but for
    one flaw (None: no flaw)."""

    def __init__(self, flaw):
        self.flaw = flaw

    def EmptyCall(self, request, context):
        if self.flaw == "empty_fails":
            context.abort(grpc.StatusCode.INTERNAL, "broken on purpose")
        return empty_pb2.Empty()

    def _answer(self, status, sizes, context):
        """Echoes the metadata, fails with status when it asks to, and
        returns one payload for each size."""
        if self.flaw != "no_echo":
            md = dict(context.invocation_metadata())
            if INITIAL_KEY in md:
                context.send_initial_metadata(((INITIAL_KEY, md[INITIAL_KEY]),))
            if TRAILING_KEY in md:
                context.set_trailing_metadata(((TRAILING_KEY, md[TRAILING_KEY]),))
        if status.code and self.flaw != "ignore_status":
            message = status.message.strip() if self.flaw == "strip_message" else status.message
            context.abort(grpc.StatusCode.UNKNOWN if status.code == 2 else grpc.StatusCode.INTERNAL, message)
        short = 1 if self.flaw == "short" else 0
        return [messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=bytes(size - short)) for size in sizes]

    def UnaryCall(self, request, context):
        (payload,) = self._answer(request.response_status, [request.response_size], context)
        return messages_pb2.SimpleResponse(payload=payload)

    def FullDuplexCall(self, request_iterator, context):
        for request in request_iterator:
            sizes = [p.size for p in request.response_parameters]
            for payload in self._answer(request.response_status, sizes, context):
                yield messages_pb2.StreamingOutputCallResponse(payload=payload)

    def UnimplementedCall(self, request, context):
        if self.flaw == "implements_all":
            return empty_pb2.Empty()
        return super().UnimplementedCall(request, context)


class FlawedUnimplementedService(test_pb2_grpc.UnimplementedServiceServicer):
    """UnimplementedService, implemented when the flaw is implements_all."""

    def __init__(self, flaw):
        self.flaw = flaw

    def UnimplementedCall(self, request, context):
        if self.flaw == "implements_all":
            return empty_pb2.Empty()
        return super().UnimplementedCall(request, context)


@pytest.fixture
def flawed_server(request):
    """The address of a Python server with the flaw request.param."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    test_pb2_grpc.add_TestServiceServicer_to_server(FlawedTestService(request.param), server)
    if request.param == "implements_all":
        test_pb2_grpc.add_UnimplementedServiceServicer_to_server(FlawedUnimplementedService(request.param), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(grace=None).wait()


# (case, the flaw it must catch, what its line must say).
FLAWS = [
    ("empty_unary", "empty_fails", "EmptyCall failed: INTERNAL: broken on purpose"),
    ("large_unary", "short", "UnaryCall returned a COMPRESSABLE payload of 314158 bytes, want COMPRESSABLE, 314159 bytes"),
    ("custom_metadata", "no_echo", "UnaryCall's headers had x-grpc-test-echo-initial = [], want ['test_initial_metadata_value']"),
    ("status_code_and_message", "ignore_status", "UnaryCall succeeded, want UNKNOWN: 'test status message'"),
    ("special_status_message", "strip_message", "UnaryCall failed with UNKNOWN: 'test with whitespace"),
    ("unimplemented_method", "implements_all", "TestService/UnimplementedCall succeeded, want UNIMPLEMENTED"),
    ("unimplemented_service", "implements_all", "UnimplementedService/UnimplementedCall succeeded, want UNIMPLEMENTED"),
]


def test_every_case_has_a_flaw():
    assert [case for case, _, _ in FLAWS] == list(CASES), "add a flaw to FLAWS for each case in client.CASES"


@pytest.mark.parametrize(("case", "flawed_server", "says"), FLAWS, indirect=["flawed_server"])
def test_case_catches_its_flaw(case, flawed_server, says):
    failed, lines = run(flawed_server, case)
    assert failed == 1 and len(lines) == 1, f"{case} against a server that is wrong on purpose: got {lines}, want it to fail"
    assert lines[0].startswith(f"{case}: FAILED: ") and says in lines[0], f"got {lines[0]!r}, want a line that says {says!r}"


@pytest.mark.parametrize("flawed_server", [None], indirect=True)
def test_the_flawless_python_server_passes(flawed_server):
    """Without a flaw the Python server passes every case: the failures
    above come from the flaws alone."""
    failed, lines = run(flawed_server)
    assert lines == [f"{name}: passed" for name in CASES]
    assert failed == 0


@pytest.mark.parametrize("flawed_server", ["short"], indirect=True)
def test_program_exits_1_when_a_case_fails(flawed_server, tmp_path):
    host, port = flawed_server.rsplit(":", 1)
    result = run_program(HERE / "client.py", "--server_host", host, "--server_port", port, cwd=tmp_path)
    assert result.returncode == 1, shown(result)
    assert "large_unary: FAILED: " in result.stdout and "empty_unary: passed" in result.stdout, shown(result)
