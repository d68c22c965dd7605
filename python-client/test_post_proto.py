"""A client generated from the blog post's own .proto calls our Go server.

This is the promise of keeping the post's wire names: a reader who followed
the post, wrote its aggfunc.proto and generated a Python client from it can
call our server without changing a line. The test does what that reader
does: it runs protoc on docs/post/aggfunc.proto (the post's names, none of
our additions) into a fresh folder, writes a client next to the generated
modules, and calls the finished Go server with it.
"""

import pathlib
import subprocess
import sys

import pytest
from grpc_tools import protoc

REPO = pathlib.Path(__file__).resolve().parent.parent
POST_PROTO_DIR = REPO / "docs" / "post"


# READER_CLIENT is the client a reader of the post writes: it imports the
# modules protoc wrote into the current folder, calls sum and prints the
# value, or the status code when the call fails.
READER_CLIENT = """
import sys
import grpc
import aggfunc_pb2, aggfunc_pb2_grpc

addr, a, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with grpc.insecure_channel(addr) as channel:
    stub = aggfunc_pb2_grpc.gRPCRouteFuncsStub(channel)
    try:
        print(stub.sum(aggfunc_pb2.InputArgsOfBinaryFunc(value1=a, value2=b), timeout=5).value)
    except grpc.RpcError as e:
        print(e.code().name)
"""


@pytest.fixture(scope="module")
def post_client(tmp_path_factory):
    """Generates the post's client into a fresh folder, as its reader would.

    The reader's client runs in a process of its own: our own stubs, which
    this test session has imported, declare the same message names, and one
    Python process can hold only one of the two.
    """
    out = tmp_path_factory.mktemp("post_client")
    status = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{POST_PROTO_DIR}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            str(POST_PROTO_DIR / "aggfunc.proto"),
        ]
    )
    assert status == 0, f"protoc failed on {POST_PROTO_DIR / 'aggfunc.proto'}"
    (out / "client.py").write_text(READER_CLIENT)

    def call_sum(addr, a, b):
        done = subprocess.run(
            [sys.executable, "client.py", addr, str(a), str(b)],
            cwd=out, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, f"the post's client crashed:\n{done.stderr}"
        return done.stdout.strip()

    return call_sum


def test_post_client_gets_a_sum(aggserver, post_client):
    got = post_client(aggserver.addr, 3, 4)
    assert got == "7", f"sum(3, 4) through the post's .proto printed {got!r}, want '7'"


def test_post_client_gets_a_status_error_on_overflow(aggserver, post_client):
    got = post_client(aggserver.addr, 2147483647, 1)
    assert got == "OUT_OF_RANGE", f"sum(2147483647, 1) through the post's .proto printed {got!r}, want 'OUT_OF_RANGE'"
