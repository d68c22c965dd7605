"""The fixtures of lesson 05's tests come from python-client/grpcfixtures.py,
which every Python test folder of the workshop shares: the finished Go server
on a free port, a server too slow for a short deadline, an address where
nothing listens."""

from grpcfixtures import aggserver, closed_addr, go_server_binary, slow_server  # noqa: F401 (fixtures)
