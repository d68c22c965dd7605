"""Going further (see the README): call_many makes many calls at once.

Skipped unless WORKSHOP_FURTHER=1 (go tool task further-5 sets it).
"""

import os
import time

import grpc
import pytest

import aggclient
from proto import aggfunc_pb2
from proto.hello.v1 import hello_pb2

pytestmark = pytest.mark.skipif(
    os.environ.get("WORKSHOP_FURTHER") != "1", reason="Going further: run go tool task further-5"
)


def pair(a, b):
    return aggfunc_pb2.InputArgsOfBinaryFunc(value1=a, value2=b)


def test_further_call_many_in_order(aggserver):
    if not hasattr(aggclient, "call_many"):
        pytest.fail("aggclient.py has no call_many(addr, calls, timeout) yet: see Going further in the README", pytrace=False)
    calls = [
        ("sum", pair(3, 4)),
        ("multiply", pair(6, 7)),
        ("sum", pair(2**31 - 1, 1)),
        ("hello", hello_pb2.HelloRequest(greeting="bonjour")),
    ]
    results = aggclient.call_many(aggserver.addr, calls, 5)
    assert len(results) == 4, f"call_many returned {len(results)} results for 4 calls"
    assert results[0].value == 7 and results[1].value == 42, f"sum(3, 4) and multiply(6, 7) gave {results[:2]}"
    assert isinstance(results[2], grpc.RpcError), f"the overflowing sum gave {results[2]!r}, want its grpc.RpcError"
    assert results[2].code() == grpc.StatusCode.OUT_OF_RANGE
    assert results[3].reply == "hello, you said: bonjour"


def test_further_call_many_at_once(slow_server):
    """Eight calls to a server that answers after 3s, each with a deadline of
    0.5s: made one after the other they take 4s, all at once about 0.5s."""
    if not hasattr(aggclient, "call_many"):
        pytest.fail("aggclient.py has no call_many(addr, calls, timeout) yet: see Going further in the README", pytrace=False)
    start = time.monotonic()
    results = aggclient.call_many(slow_server, [("sum", pair(i, i)) for i in range(8)], 0.5)
    took = time.monotonic() - start
    codes = [r.code() if isinstance(r, grpc.RpcError) else r for r in results]
    assert codes == [grpc.StatusCode.DEADLINE_EXCEEDED] * 8, f"call_many gave {codes}"
    assert took < 2, f"eight calls took {took:.1f}s: start them all before waiting for any"
