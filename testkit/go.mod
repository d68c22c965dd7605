module grpcworkshop/testkit

go 1.26.0
