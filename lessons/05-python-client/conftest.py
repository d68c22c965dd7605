"""Fixtures for the Python client's tests: servers for the client to call.

- aggserver: the finished Go server (finished/cmd/server: lesson 3's server
  with every rpc of lessons 6 to 8), built once per test run, started on a
  free loopback port for each test and always stopped after it.
- slow_server: a Python server whose sum answers only after 10 seconds, for
  testing deadlines.
- closed_addr: a loopback address where nothing listens.

This file is the same in lessons/05-python-client, solutions/05-python-client
and python-client. It finds the repository from its own location, so the
tests run from any working directory.
"""

import os
import pathlib
import queue
import re
import socket
import subprocess
import threading
from concurrent import futures

import grpc
import pytest

from proto import aggfunc_pb2, aggfunc_pb2_grpc

HERE = pathlib.Path(__file__).resolve().parent
# The repository root is the nearest folder above this one with lessons.json.
ROOT = next(p for p in HERE.parents if (p / "lessons.json").is_file())
GO_SERVER_MODULE = ROOT / "finished"

# Every workshop server logs this first, with the address it really got.
LISTENING = re.compile(r"listening on (\S+)")


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
            raise RuntimeError(f"{name} did not log 'listening on HOST:PORT' within 30s") from None
        if self.addr is None:
            self.stop()
            raise RuntimeError(f"{name} exited before it listened:\n" + "\n".join(self.log))

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


@pytest.fixture(scope="session")
def go_server_binary(tmp_path_factory):
    """Builds the finished Go server once for the whole test run."""
    out = tmp_path_factory.mktemp("bin")
    try:
        build = subprocess.run(
            ["go", "build", "-o", str(out) + os.sep, "./cmd/server"],
            cwd=GO_SERVER_MODULE,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except FileNotFoundError:
        pytest.fail(
            "go is not on PATH: these tests build the finished Go server in finished/cmd/server"
            " (go tool task doctor helps)"
        )
    if build.returncode != 0:
        pytest.fail(f"cannot build the Go server in {GO_SERVER_MODULE}:\n{build.stdout}{build.stderr}")
    return out / ("server.exe" if os.name == "nt" else "server")


@pytest.fixture
def aggserver(go_server_binary):
    """The finished Go server, listening on a free loopback port."""
    server = ServerProcess([str(go_server_binary), "-addr", "127.0.0.1:0"], "the Go server")
    try:
        yield server
    finally:
        server.stop()


class SlowRouteFuncs(aggfunc_pb2_grpc.gRPCRouteFuncsServicer):
    """A gRPCRouteFuncs whose sum takes 10 seconds, or until released."""

    def __init__(self):
        self.release = threading.Event()

    def sum(self, request, context):
        self.release.wait(10)
        return aggfunc_pb2.ReturnValue(value=request.value1 + request.value2)


@pytest.fixture
def slow_server():
    """The address of a Python gRPC server that answers sum too late."""
    servicer = SlowRouteFuncs()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    aggfunc_pb2_grpc.add_gRPCRouteFuncsServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        servicer.release.set()
        server.stop(grace=None).wait()


@pytest.fixture
def closed_addr():
    """A loopback address where no server listens: we take a free port from
    the system and close it again at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"127.0.0.1:{port}"
