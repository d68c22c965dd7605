"""The finished Go server explains a bad request with a google.rpc.BadRequest
detail, and Python reads it back with grpcio-status, as lesson 9's Go client
does with status.Convert(err).Details()."""

import grpc
import pytest
from google.rpc import code_pb2, error_details_pb2
from grpc_status import rpc_status

import aggclient
from proto import aggfunc_pb2, aggfunc_pb2_grpc
from proto.hello.v1 import hello_pb2, hello_pb2_grpc

EMPTY = 'is empty; send one, such as {"greeting": "hello"}'


def test_bad_request_detail(aggserver):
    """An empty greeting: INVALID_ARGUMENT, and in the trailer a
    google.rpc.Status with one BadRequest naming the field greeting."""
    with grpc.insecure_channel(aggserver.addr) as channel:
        with pytest.raises(grpc.RpcError) as caught:
            hello_pb2_grpc.HelloServiceStub(channel).SayHello(hello_pb2.HelloRequest(), timeout=5)
    err = caught.value
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.details() == "greeting " + EMPTY

    status = rpc_status.from_call(err)
    assert status is not None, "the server sent no grpc-status-details-bin trailer"
    assert status.code == code_pb2.INVALID_ARGUMENT
    assert len(status.details) == 1, status
    assert status.details[0].Is(error_details_pb2.BadRequest.DESCRIPTOR), status.details[0].type_url
    bad = error_details_pb2.BadRequest()
    status.details[0].Unpack(bad)
    assert [(v.field, v.description) for v in bad.field_violations] == [("greeting", EMPTY)]

    assert aggclient.field_violations(err) == ["greeting: " + EMPTY]


def test_no_detail(aggserver):
    """OUT_OF_RANGE carries no details: field_violations has nothing to say."""
    with grpc.insecure_channel(aggserver.addr) as channel:
        with pytest.raises(grpc.RpcError) as caught:
            aggfunc_pb2_grpc.gRPCRouteFuncsStub(channel).sum(
                aggfunc_pb2.InputArgsOfBinaryFunc(value1=2147483647, value2=1), timeout=5
            )
    assert caught.value.code() == grpc.StatusCode.OUT_OF_RANGE
    assert rpc_status.from_call(caught.value) is None
    assert aggclient.field_violations(caught.value) == []
