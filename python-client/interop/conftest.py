"""The interop tests' servers come from grpcfixtures.py (python-client/),
with the rest of the workshop's fixtures."""

from grpcfixtures import (  # noqa: F401 (fixtures)
    capstone_binary,
    capstone_server,
    interop_reference_server,
    interopref_binary,
)

# The generated stubs are not tests, though test_pb2.py's name says so.
collect_ignore_glob = ["grpc_testing/*"]
