module grpcworkshop/solutions/03-unary-server

go 1.26.4
