"""Nothing in proto/ is a test: the stubs made from grpc-go's test.proto
(grpc/testing/test_pb2.py, test_pb2_grpc.py) only look like tests to pytest
by their names, so it does not collect them."""

collect_ignore_glob = ["grpc/testing/*"]
