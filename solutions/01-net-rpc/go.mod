module grpcworkshop/solutions/01-net-rpc

go 1.26.4
