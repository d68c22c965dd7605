"""Cross-language checks: gRPC clients and servers in Go and Python talk to
each other, because they share only the .proto contract and the wire.

- The Python client calls every rpc of the finished Go server (and of the
  Python server, pyserver.py, which must answer the same way).
- The finished Go client (solutions/04-unary-client) calls pyserver.py.

Adding an rpc: when a lesson's server starts to serve one of the streaming
rpcs, move it from NOT_SERVED_YET to PYTHON_CLIENT_CASES (with an aggclient.py
command that calls it). test_every_rpc_is_covered fails until each rpc in the
.proto files is in one of the two.
"""

import os
import subprocess
import sys

import grpc
import pytest

from conftest import HERE, ROOT, ServerProcess
from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

GO_CLIENT_MODULE = ROOT / "solutions" / "04-unary-client"

# Each rpc the servers serve: the aggclient.py arguments that call it, and
# what aggclient.py prints.
PYTHON_CLIENT_CASES = {
    "/proto.gRPCRouteFuncs/sum": (["sum", "3", "4"], "3 + 4 = 7"),
    "/proto.gRPCRouteFuncs/multiply": (["multiply", "6", "7"], "6 * 7 = 42"),
    "/hello.v1.HelloService/SayHello": (["hello", "bonjour"], "hello, you said: bonjour"),
}

# The rpcs that no server serves yet; they answer UNIMPLEMENTED.
NOT_SERVED_YET = [
    "/hello.v1.HelloService/LotsOfReplies",
    "/hello.v1.HelloService/LotsOfGreetings",
    "/hello.v1.HelloService/BidiHello",
]

# Where the generated code keeps each service: its descriptor and its stub.
SERVICES = [
    (aggfunc_pb2.DESCRIPTOR.services_by_name["gRPCRouteFuncs"], aggfunc_pb2_grpc.gRPCRouteFuncsStub),
    (hello_pb2.DESCRIPTOR.services_by_name["HelloService"], hello_pb2_grpc.HelloServiceStub),
]


def every_rpc():
    """Yields (full method name, method descriptor, stub class) for each rpc
    in the .proto files, read from the generated descriptors."""
    for service, stub in SERVICES:
        for method in service.methods:
            yield f"/{service.full_name}/{method.name}", method, stub


def test_every_rpc_is_covered():
    names = [name for name, _, _ in every_rpc()]
    missing = [n for n in names if n not in PYTHON_CLIENT_CASES and n not in NOT_SERVED_YET]
    assert not missing, f"these rpcs are in neither PYTHON_CLIENT_CASES nor NOT_SERVED_YET: {missing}"
    stale = [n for n in [*PYTHON_CLIENT_CASES, *NOT_SERVED_YET] if n not in names]
    assert not stale, f"these rpcs are no longer in the .proto files: {stale}"


def run(args, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="session")
def go_client_binary(tmp_path_factory):
    """Builds the finished Go client once for the whole test run."""
    out = tmp_path_factory.mktemp("go-client")
    build = run(["go", "build", "-o", str(out) + os.sep, "./cmd/aggclient"], cwd=GO_CLIENT_MODULE)
    if build.returncode != 0:
        pytest.fail(f"cannot build the Go client in {GO_CLIENT_MODULE}:\n{build.stdout}{build.stderr}")
    return out / ("aggclient.exe" if os.name == "nt" else "aggclient")


@pytest.fixture
def pyserver():
    """pyserver.py, listening on a free loopback port."""
    server = ServerProcess([sys.executable, str(HERE / "pyserver.py"), "--addr", "127.0.0.1:0"], "pyserver.py")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["go", "python"], ids=["go-server", "python-server"])
def server(request):
    """Each server in turn: the finished Go server, then pyserver.py."""
    return request.getfixturevalue("aggserver" if request.param == "go" else "pyserver")


@pytest.mark.parametrize("mode", ["blocking", "future", "aio"])
@pytest.mark.parametrize("method", PYTHON_CLIENT_CASES)
def test_python_client_calls_every_rpc(server, tmp_path, method, mode):
    args, want = PYTHON_CLIENT_CASES[method]
    client = [sys.executable, str(HERE / "aggclient.py"), "--addr", server.addr, "--mode", mode]
    result = run([*client, *args], cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, want), f"{method}: {result.stdout}{result.stderr}"


@pytest.mark.parametrize("method", NOT_SERVED_YET)
def test_rpcs_not_served_yet_answer_unimplemented(server, method):
    """Streaming rpcs come in later lessons; until then the generated base
    classes (Go and Python alike) answer UNIMPLEMENTED."""
    descriptor, stub_class = next((m, s) for n, m, s in every_rpc() if n == method)
    request = hello_pb2.HelloRequest(greeting="hello")
    with grpc.insecure_channel(server.addr) as channel:
        call = getattr(stub_class(channel), descriptor.name)
        with pytest.raises(grpc.RpcError) as caught:
            answer = call(iter([request]) if descriptor.client_streaming else request, timeout=5)
            if descriptor.server_streaming:
                list(answer)
    assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED, (
        f"{method} answered {caught.value.code()}: if the server serves it now, move it to PYTHON_CLIENT_CASES"
    )


@pytest.mark.parametrize(
    "args, want",
    [
        (["sum", "3", "4"], "3 + 4 = 7"),
        (["multiply", "6", "7"], "6 * 7 = 42"),
        (["sum", "-2147483648", "0"], "-2147483648 + 0 = -2147483648"),
        # -async makes all the calls at once, each from its own goroutine.
        (["-async", "sum", "1", "2", "multiply", "3", "4", "sum", "5", "6"], "1 + 2 = 3\n3 * 4 = 12\n5 + 6 = 11"),
    ],
)
def test_go_client_calls_python_server(pyserver, go_client_binary, args, want):
    result = run([str(go_client_binary), "-addr", pyserver.addr, *args])
    assert (result.returncode, result.stdout.strip()) == (0, want), f"{result.stdout}{result.stderr}"


def test_go_client_gets_python_server_errors(pyserver, go_client_binary):
    """pyserver's OUT_OF_RANGE reaches the Go client as codes.OutOfRange."""
    result = run([str(go_client_binary), "-addr", pyserver.addr, "sum", "2147483647", "1"])
    assert result.returncode == 1, f"the Go client exited {result.returncode}:\n{result.stdout}{result.stderr}"
    assert "OutOfRange: 2147483647 + 1 = 2147483648 does not fit in an int32" in result.stderr, result.stderr
