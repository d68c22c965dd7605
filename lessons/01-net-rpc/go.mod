module grpcworkshop/lessons/01-net-rpc

go 1.26.4

require grpcworkshop/testkit v0.0.0

replace grpcworkshop/testkit => ../../testkit
