"""The fixtures of python-client's tests come from grpcfixtures.py, which
lesson 05's tests share: the finished Go server on a free port, a server too
slow for a short deadline, an address where nothing listens."""

from grpcfixtures import aggserver, closed_addr, go_server_binary, slow_server  # noqa: F401 (fixtures)
