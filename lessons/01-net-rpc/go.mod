module grpcworkshop/lessons/01-net-rpc

go 1.26.4
