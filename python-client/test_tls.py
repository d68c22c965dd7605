"""The Python client calls the finished Go server over TLS and mutual TLS,
with the certificates of `go tool task certs` (made here in a temporary
folder by the same program, finished/cmd/certs): grpc.ssl_channel_credentials
behind aggclient.py's --cacert, --cert and --key."""

import subprocess

import pytest
from grpcfixtures import GO_SERVER_MODULE, HERE, ServerProcess, build_go, run_program, shown

AGGCLIENT = HERE / "aggclient.py"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """A folder with a development PKI: ca.pem, server.pem and .key, alice.pem and .key."""
    program = build_go(tmp_path_factory, GO_SERVER_MODULE, "./cmd/certs", "certs")
    folder = tmp_path_factory.mktemp("certs")
    subprocess.run([str(program), "-dir", str(folder)], check=True, capture_output=True, timeout=60)
    return folder


def tls_server(go_server_binary, certs, *flags):
    return ServerProcess(
        [str(go_server_binary), "-addr", "127.0.0.1:0", "-tls-cert", str(certs / "server.pem"), "-tls-key", str(certs / "server.key"), *flags],
        "the Go server over TLS",
    )


@pytest.fixture
def tlsserver(go_server_binary, certs):
    """The finished Go server with TLS, on a free loopback port."""
    server = tls_server(go_server_binary, certs)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mtlsserver(go_server_binary, certs):
    """The finished Go server with mutual TLS: clients need a certificate."""
    server = tls_server(go_server_binary, certs, "-tls-client-ca", str(certs / "ca.pem"))
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("mode", ["blocking", "future", "aio"])
def test_tls(tlsserver, certs, tmp_path, mode):
    result = run_program(AGGCLIENT, "--addr", tlsserver.addr, "--cacert", str(certs / "ca.pem"), "--mode", mode, "sum", "6", "7", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "6 + 7 = 13\n"), shown(result)


def test_tls_stream(tlsserver, certs, tmp_path):
    result = run_program(AGGCLIENT, "--addr", tlsserver.addr, "--cacert", str(certs / "ca.pem"), "replies", "hi", cwd=tmp_path)
    assert result.returncode == 0, shown(result)
    assert len(result.stdout.splitlines()) == 3, shown(result)


def test_plaintext_against_tls(tlsserver, tmp_path):
    result = run_program(AGGCLIENT, "--addr", tlsserver.addr, "sum", "6", "7", cwd=tmp_path)
    assert result.returncode == 1, shown(result)
    assert "UNAVAILABLE" in result.stderr, shown(result)


def test_mutual_tls(mtlsserver, certs, tmp_path):
    ca = str(certs / "ca.pem")
    result = run_program(AGGCLIENT, "--addr", mtlsserver.addr, "--cacert", ca, "--cert", str(certs / "alice.pem"), "--key", str(certs / "alice.key"), "multiply", "6", "7", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "6 * 7 = 42\n"), shown(result)

    result = run_program(AGGCLIENT, "--addr", mtlsserver.addr, "--cacert", ca, "sum", "6", "7", cwd=tmp_path)
    assert result.returncode == 1, "without a client certificate: " + shown(result)
    assert "UNAVAILABLE" in result.stderr, shown(result)


@pytest.mark.parametrize(
    "args, line",
    [
        (["--cert", "a.pem", "sum", "1", "2"], "--cert and --key go together, and with --cacert"),
        (["--cacert", "missing.pem", "sum", "1", "2"], "aggclient: --cacert missing.pem: No such file or directory (go tool task certs writes .certs)"),
    ],
)
def test_tls_arguments(tmp_path, args, line):
    result = run_program(AGGCLIENT, *args, cwd=tmp_path)
    assert result.returncode == 2, shown(result)
    assert line in result.stderr, shown(result)
