"""The interop tests' servers come from grpcfixtures.py (python-client/),
with the rest of the workshop's fixtures."""

from grpcfixtures import (  # noqa: F401 (fixtures)
    capstone_binary,
    capstone_server,
    interop_reference_server,
    interopref_binary,
)
