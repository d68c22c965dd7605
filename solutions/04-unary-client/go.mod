module grpcworkshop/solutions/04-unary-client

go 1.26.4
