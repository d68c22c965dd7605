module grpcworkshop/lessons/04-unary-client

go 1.26.4
