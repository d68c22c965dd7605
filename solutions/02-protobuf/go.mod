module grpcworkshop/solutions/02-protobuf

go 1.26.4
