"""Cross-language checks: gRPC clients and servers in Go and Python talk to
each other, because they share only the .proto contract and the wire.

- The Python client calls every rpc of the finished Go server (and of the
  Python server, pyserver.py, which must answer the same way), each in every
  mode that fits it.
- The finished Go clients call pyserver.py: solutions/04-unary-client for
  sum and multiply, solutions/08-bidi-streaming for all four rpcs of
  HelloService.

Adding an rpc: add a case for it to PYTHON_CLIENT_CASES, with an
aggclient.py command that calls it. test_every_rpc_is_covered fails until
each rpc in the .proto files has one.
"""

import subprocess
import sys

import pytest
from grpcfixtures import HERE, ROOT, ServerProcess, build_go, clean_env

from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

GO_CLIENT_MODULE = ROOT / "solutions" / "04-unary-client"
GO_HELLO_CLIENT_MODULE = ROOT / "solutions" / "08-bidi-streaming"

ALL_MODES = ("blocking", "future", "aio")
# future needs a call with one response.
STREAM_MODES = ("blocking", "aio")

# (method, aggclient.py arguments, what it prints, the modes that fit).
PYTHON_CLIENT_CASES = [
    ("/proto.gRPCRouteFuncs/sum", ["sum", "3", "4"], "3 + 4 = 7", ALL_MODES),
    ("/proto.gRPCRouteFuncs/multiply", ["multiply", "6", "7"], "6 * 7 = 42", ALL_MODES),
    ("/hello.v1.HelloService/SayHello", ["hello", "bonjour"], "hello, you said: bonjour", ALL_MODES),
    (
        "/hello.v1.HelloService/LotsOfReplies",
        ["replies", "bonjour"],
        "reply 1 of 3: hello, you said: bonjour\n"
        "reply 2 of 3: hello, you said: bonjour\n"
        "reply 3 of 3: hello, you said: bonjour",
        STREAM_MODES,
    ),
    (
        "/hello.v1.HelloService/LotsOfGreetings",
        ["greetings", "bonjour", "salut"],
        "hello, you said 2 greetings: bonjour, salut",
        ALL_MODES,
    ),
    (
        "/hello.v1.HelloService/BidiHello",
        ["bidi", "bonjour", "salut"],
        "hello, you said: bonjour\nhello, you said: salut",
        STREAM_MODES,
    ),
    (
        "/hello.v1.HelloService/BidiHello",
        ["bidi", "--all", "bonjour", "salut"],
        "reply 1 of 2: hello, you said: bonjour\nreply 2 of 2: hello, you said: salut",
        STREAM_MODES,
    ),
]

# Where the generated code keeps each service: its descriptor and its stub.
SERVICES = [
    (aggfunc_pb2.DESCRIPTOR.services_by_name["gRPCRouteFuncs"], aggfunc_pb2_grpc.gRPCRouteFuncsStub),
    (hello_pb2.DESCRIPTOR.services_by_name["HelloService"], hello_pb2_grpc.HelloServiceStub),
]


def every_rpc():
    """Yields the full method name of each rpc in the .proto files, read
    from the generated descriptors."""
    for service, _ in SERVICES:
        for method in service.methods:
            yield f"/{service.full_name}/{method.name}"


def test_every_rpc_is_covered():
    names = list(every_rpc())
    covered = {method for method, _, _, _ in PYTHON_CLIENT_CASES}
    missing = [n for n in names if n not in covered]
    assert not missing, f"these rpcs have no case in PYTHON_CLIENT_CASES: {missing}"
    stale = [n for n in covered if n not in names]
    assert not stale, f"these rpcs are no longer in the .proto files: {stale}"


def run(args, cwd=None):
    return subprocess.run(args, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="session")
def go_client_binary(tmp_path_factory):
    """The finished Go client of lesson 4: sum and multiply."""
    return build_go(tmp_path_factory, GO_CLIENT_MODULE, "./cmd/aggclient", "aggclient")


@pytest.fixture(scope="session")
def go_hello_client_binary(tmp_path_factory):
    """The finished Go client of lesson 8: all four rpcs of HelloService."""
    return build_go(tmp_path_factory, GO_HELLO_CLIENT_MODULE, "./cmd/helloclient", "helloclient")


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


PYTHON_CLIENT_CALLS = [
    pytest.param(method, args, want, mode, id=f"{' '.join(args)}-{mode}")
    for method, args, want, modes in PYTHON_CLIENT_CASES
    for mode in modes
]


@pytest.mark.parametrize("method, args, want, mode", PYTHON_CLIENT_CALLS)
def test_python_client_calls_every_rpc(server, tmp_path, method, args, want, mode):
    client = [sys.executable, str(HERE / "aggclient.py"), "--addr", server.addr, "--mode", mode]
    result = run([*client, *args], cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, want), f"{method}: {result.stdout}{result.stderr}"


@pytest.mark.parametrize("mode", STREAM_MODES)
def test_python_client_gets_an_error_mid_stream(server, tmp_path, mode):
    """An empty second greeting: the reply to the first arrives, then the
    server's INVALID_ARGUMENT, from either server."""
    client = [sys.executable, str(HERE / "aggclient.py"), "--addr", server.addr, "--mode", mode]
    result = run([*client, "bidi", "bonjour", "", "salut"], cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "hello, you said: bonjour\n"), result.stdout + result.stderr
    want = 'aggclient: bidi failed: INVALID_ARGUMENT: greeting 2 is empty; send one, such as {"greeting": "hello"}\n'
    if mode == "aio" and result.stderr == "aggclient: bidi failed: INTERNAL: Internal error from Core\n":
        # A known grpcio bug (grpc/grpc#36066, open in grpcio 1.85): when
        # grpc.aio writes the next greeting just after the server has ended
        # the call, the failed write replaces the server's status with
        # INTERNAL. The blocking API, tested above with the same servers,
        # always reports the server's status.
        pytest.xfail("grpc.aio reported its own write failure instead of the server's status (grpc/grpc#36066)")
    assert result.stderr == want


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


@pytest.mark.parametrize(
    "args, want",
    [
        (["hello", "bonjour"], "hello, you said: bonjour"),
        (
            ["replies", "bonjour"],
            "reply 1 of 3: hello, you said: bonjour\n"
            "reply 2 of 3: hello, you said: bonjour\n"
            "reply 3 of 3: hello, you said: bonjour",
        ),
        # -max 1 stops reading after one reply, which cancels the call.
        (["-max", "1", "replies", "bonjour"], "reply 1 of 3: hello, you said: bonjour"),
        (["greetings", "bonjour", "salut"], "hello, you said 2 greetings: bonjour, salut"),
        (["bidi", "bonjour", "salut"], "hello, you said: bonjour\nhello, you said: salut"),
        (
            ["-mode", "all", "bidi", "bonjour", "salut"],
            "reply 1 of 2: hello, you said: bonjour\nreply 2 of 2: hello, you said: salut",
        ),
    ],
)
def test_go_hello_client_calls_python_server(pyserver, go_hello_client_binary, args, want):
    result = run([str(go_hello_client_binary), "-addr", pyserver.addr, *args])
    assert (result.returncode, result.stdout.strip()) == (0, want), f"{result.stdout}{result.stderr}"


def test_go_hello_client_gets_python_server_errors(pyserver, go_hello_client_binary):
    """pyserver's INVALID_ARGUMENT in the middle of a BidiHello reaches the Go
    client as codes.InvalidArgument, after the reply before it."""
    result = run([str(go_hello_client_binary), "-addr", pyserver.addr, "bidi", "bonjour", "", "salut"])
    assert (result.returncode, result.stdout) == (1, "hello, you said: bonjour\n"), result.stdout + result.stderr
    assert result.stderr == (
        'helloclient: bidi: InvalidArgument: greeting 2 is empty; send one, such as {"greeting": "hello"}\n'
    )
