"""Tests for aggclient.py's streaming calls (lessons 6 to 8) against the
finished Go server: the replies of a stream in order, stopping early, a
deadline in the middle of a stream, and an error in the middle of a stream.

They call aggclient's functions directly; test_interop.py runs the same
calls as a program, against the Go server and pyserver.py.
"""

import asyncio
import time

import grpc
import pytest

import aggclient


def numbered(n, greeting):
    return [f"reply {i} of {n}: hello, you said: {greeting}" for i in range(1, n + 1)]


def test_replies_in_order(aggserver):
    got = list(aggclient.replies_blocking(aggserver.addr, "hi", 5, metadata=(("hello-replies", "100"),)))
    assert got == numbered(100, "hi")


def test_replies_aio_in_order(aggserver):
    async def collect():
        return [r async for r in aggclient.replies_aio(aggserver.addr, "hi", 5, metadata=(("hello-replies", "100"),))]

    assert asyncio.run(collect()) == numbered(100, "hi")


def wait_for_log(server, words, seconds=5):
    """Waits until the server has logged a line that holds every one of words
    (the server's log format is its own: only the words are checked)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(all(w in line for w in words) for line in server.log):
            return True
        time.sleep(0.05)
    return False


def test_stopping_early_cancels_the_call(aggserver):
    """Closing the generator after two replies of 1000 closes the channel,
    which cancels the call: the server stops and logs Canceled."""
    metadata = (("hello-replies", "1000"), ("hello-interval", "50ms"))
    replies = aggclient.replies_blocking(aggserver.addr, "hi", 30, metadata=metadata)
    assert [next(replies), next(replies)] == numbered(1000, "hi")[:2]
    replies.close()
    assert wait_for_log(aggserver, ["/hello.v1.HelloService/LotsOfReplies", "Canceled"]), "\n".join(aggserver.log)


@pytest.mark.parametrize("mode", ["blocking", "aio"])
def test_deadline_in_the_middle_of_a_stream(aggserver, mode):
    """One deadline covers the whole stream: ten replies 200ms apart do not
    fit in 0.5s, so the first few arrive, then DEADLINE_EXCEEDED."""
    metadata = (("hello-replies", "10"), ("hello-interval", "200ms"))
    got = []

    async def collect_aio():
        async for reply in aggclient.replies_aio(aggserver.addr, "hi", 0.5, metadata=metadata):
            got.append(reply)

    with pytest.raises(grpc.RpcError) as caught:
        if mode == "aio":
            asyncio.run(collect_aio())
        else:
            for reply in aggclient.replies_blocking(aggserver.addr, "hi", 0.5, metadata=metadata):
                got.append(reply)
    # The server has the deadline too (gRPC sends it with the call), and
    # when its own clock runs out first, grpc-go resets the stream, which
    # Python's gRPC reports as CANCELLED. Both codes mean "out of time" here.
    assert caught.value.code() in (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED), caught.value
    assert 1 <= len(got) < 10 and got == numbered(10, "hi")[: len(got)], got


@pytest.mark.parametrize("call", ["greetings_blocking", "greetings_future"])
def test_greetings(aggserver, call):
    greetings = [f"hello {i}" for i in range(1, 1001)]
    reply = getattr(aggclient, call)(aggserver.addr, greetings, 5)
    assert reply == "hello, you said 1000 greetings: " + ", ".join(greetings)


def test_greetings_aio(aggserver):
    reply = asyncio.run(aggclient.greetings_aio(aggserver.addr, ["hi", "hey"], 5))
    assert reply == "hello, you said 2 greetings: hi, hey"


@pytest.mark.parametrize("answer_all", [False, True], ids=["each", "all"])
def test_bidi(aggserver, answer_all):
    greetings = [f"hello {i}" for i in range(1, 1001)]
    got = list(aggclient.bidi_blocking(aggserver.addr, greetings, 5, answer_all))
    if answer_all:
        assert got == [f"reply {i} of 1000: hello, you said: hello {i}" for i in range(1, 1001)]
    else:
        assert got == [f"hello, you said: hello {i}" for i in range(1, 1001)]


def test_bidi_aio_error_mid_stream(aggserver):
    """The server's error ends the call: the replies before it arrive, then
    the error, with its code."""
    got = []

    async def collect():
        async for reply in aggclient.bidi_aio(aggserver.addr, ["hi", "hey", "", "hello"], 5):
            got.append(reply)

    with pytest.raises(grpc.RpcError) as caught:
        asyncio.run(collect())
    assert got == ["hello, you said: hi", "hello, you said: hey"]
    if caught.value.code() == grpc.StatusCode.INTERNAL and caught.value.details() == "Internal error from Core":
        # The known grpcio bug grpc/grpc#36066 (see python-client/README.md):
        # a write that fails after the server ended the call hides its status.
        pytest.xfail("grpc.aio reported its own write failure instead of the server's status (grpc/grpc#36066)")
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details().startswith("greeting 3 is empty")
