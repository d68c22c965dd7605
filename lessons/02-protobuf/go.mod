module grpcworkshop/lessons/02-protobuf

go 1.26.4
