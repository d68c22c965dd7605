"""grpcfixtures: the pytest fixtures and helpers every Python test folder of
the workshop shares (python-client/ and lesson 05), so they exist once.

- aggserver: the finished Go server (finished/cmd/server: lesson 3's server
  with every rpc of lessons 6 to 8), built once per test run, started on a
  free loopback port for each test and always stopped after it.
- interop_reference_server and capstone_server: grpc.testing.TestService,
  the interop suite's service, as grpc-go serves it (tools/interopref) and as
  lesson 17's capstone does (solutions/17-capstone), each built once and
  started on a free loopback port for each test.
- slow_server: a Python server whose sum answers only after 3 seconds, for
  testing deadlines.
- closed_addr: a loopback address where nothing listens.
- run_program: runs a Python script as a learner would, from another folder.

A test folder's conftest.py imports the fixtures it uses from here. The
module is found because `go tool workshop venv` puts python-client/ on the
virtualenv's path (see install_path.py). It finds the repository from its
own location, so the tests run from any working directory.
"""

import os
import pathlib
import queue
import re
import socket
import subprocess
import sys
import threading
from concurrent import futures

import grpc
import pytest

from proto import aggfunc_pb2, aggfunc_pb2_grpc

HERE = pathlib.Path(__file__).resolve().parent
# The repository root is the nearest folder above this one with lessons.json.
ROOT = next(p for p in HERE.parents if (p / "lessons.json").is_file())
GO_SERVER_MODULE = ROOT / "finished"
CAPSTONE_MODULE = ROOT / "solutions" / "17-capstone"

# Every workshop server logs this first, with the address it really got.
LISTENING = re.compile(r"listening on (\S+)")

# SLOW_SECONDS is how long slow_server takes to answer sum.
SLOW_SECONDS = 3


class ServerProcess:
    """A server program started by a test: its process, its address and
    everything it logged on stderr."""

    def __init__(self, args, name):
        self.name = name
        self.log = []
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        found = queue.Queue()

        # A thread reads stderr to the end: it finds the "listening on" line,
        # and it keeps the pipe drained, so a server that logs every call can
        # never block on a full pipe.
        def read_stderr():
            for line in self.proc.stderr:
                self.log.append(line.rstrip("\n"))
                match = LISTENING.search(line)
                if match:
                    found.put(match.group(1))
            found.put(None)  # stderr closed: the process has ended

        self.reader = threading.Thread(target=read_stderr, daemon=True)
        self.reader.start()
        try:
            self.addr = found.get(timeout=30)
        except queue.Empty:
            self.stop()
            pytest.fail(f"{name} did not log 'listening on HOST:PORT' within 30s", pytrace=False)
        if self.addr is None:
            self.stop()
            pytest.fail(f"{name} exited before it listened:\n" + "\n".join(self.log), pytrace=False)

    def stop(self):
        """Stops the server (SIGTERM, which the Go server takes as a graceful
        stop), kills it if it has not ended within 10 seconds, and waits."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # The reader ends at the end of stderr, which comes when the process
        # has exited; only then is it safe to close the pipe.
        self.reader.join(timeout=10)
        self.proc.stderr.close()


def build_go(tmp_path_factory, module, package, name):
    """Builds a Go program (go build -o DIR package, in module) once for the
    whole test run, and returns the path of the binary."""
    out = tmp_path_factory.mktemp(name)
    try:
        build = subprocess.run(
            ["go", "build", "-o", str(out) + os.sep, package], cwd=module, capture_output=True, text=True, timeout=600
        )
    except FileNotFoundError:
        pytest.fail(f"go is not on PATH: these tests build {package} in {module} (go tool task doctor helps)", pytrace=False)
    if build.returncode != 0:
        pytest.fail(f"cannot build {package} in {module}:\n{build.stdout}{build.stderr}", pytrace=False)
    return out / (name + ".exe" if os.name == "nt" else name)


@pytest.fixture(scope="session")
def go_server_binary(tmp_path_factory):
    """Builds the finished Go server once for the whole test run."""
    return build_go(tmp_path_factory, GO_SERVER_MODULE, "./cmd/server", "server")


@pytest.fixture
def aggserver(go_server_binary):
    """The finished Go server, listening on a free loopback port."""
    server = ServerProcess([str(go_server_binary), "-addr", "127.0.0.1:0"], "the Go server")
    try:
        yield server
    finally:
        server.stop()


def serve_binary(binary, name):
    """A fixture's body: the Go server binary on a free loopback port,
    stopped after the test."""
    server = ServerProcess([str(binary), "-addr", "127.0.0.1:0"], name)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def interopref_binary(tmp_path_factory):
    """Builds tools/interopref (grpc-go's reference TestService) once."""
    return build_go(tmp_path_factory, ROOT / "tools", "./interopref", "interopref")


@pytest.fixture
def interop_reference_server(interopref_binary):
    """grpc-go's reference grpc.testing.TestService on a free loopback port."""
    yield from serve_binary(interopref_binary, "grpc-go's reference interop server")


@pytest.fixture(scope="session")
def capstone_binary(tmp_path_factory):
    """Builds lesson 17's capstone server (solutions/17-capstone) once."""
    return build_go(tmp_path_factory, CAPSTONE_MODULE, "./cmd/interopserver", "interopserver")


@pytest.fixture
def capstone_server(capstone_binary):
    """Lesson 17's capstone, grpc.testing.TestService on the finished
    server's foundations, on a free loopback port."""
    yield from serve_binary(capstone_binary, "lesson 17's capstone server")


class SlowRouteFuncs(aggfunc_pb2_grpc.gRPCRouteFuncsServicer):
    """A gRPCRouteFuncs whose sum takes SLOW_SECONDS, or until released.
    called is set as soon as a call arrives."""

    def __init__(self):
        self.release = threading.Event()
        self.called = threading.Event()

    def sum(self, request, context):
        self.called.set()
        self.release.wait(SLOW_SECONDS)
        return aggfunc_pb2.ReturnValue(value=request.value1 + request.value2)


class SlowServer(str):
    """The address of slow_server (a str, to pass as --addr), with its
    servicer, to see when a call has arrived."""

    servicer: SlowRouteFuncs


@pytest.fixture
def slow_server():
    """The address of a Python gRPC server that answers sum too late."""
    servicer = SlowRouteFuncs()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    aggfunc_pb2_grpc.add_gRPCRouteFuncsServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    addr = SlowServer(f"127.0.0.1:{port}")
    addr.servicer = servicer
    try:
        yield addr
    finally:
        servicer.release.set()
        server.stop(grace=None).wait()


def free_addr():
    """A loopback address where no server listens: we take a free port from
    the system and close it again at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"127.0.0.1:{port}"


@pytest.fixture
def closed_addr():
    """A loopback address where no server listens."""
    return free_addr()


def clean_env():
    """This process's environment without PYTHONPATH: programs under test
    must find their imports the way a learner's would."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def run_program(script, *args, cwd, timeout=60):
    """Runs a Python script with args, with this Python (the project's .venv),
    from the folder cwd, and returns the finished process (stdout, stderr,
    returncode)."""
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )


def shown(result):
    """What a finished program printed, to quote in a failure message: its
    exit status, and its stdout and stderr, each on one line when it fits."""
    out, err = result.stdout.strip(), result.stderr.strip()
    return f"\n  exit status {result.returncode}\n  stdout: {out!r}\n  stderr: {err}"
