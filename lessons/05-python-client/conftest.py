"""The fixtures of lesson 05's tests come from python-client/grpcfixtures.py,
which every Python test folder of the workshop shares: the finished Go server
on a free port, a server too slow for a short deadline, an address where
nothing listens."""

try:
    from grpcfixtures import aggserver, closed_addr, go_server_binary, slow_server  # noqa: F401 (fixtures)
except ModuleNotFoundError as err:
    raise ImportError(f"{err.msg}: run the tests with the project's .venv; `go tool task venv` makes or repairs it") from None
