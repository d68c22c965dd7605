module grpcworkshop/lessons/15-performance

go 1.26.4

require (
	google.golang.org/grpc v1.85.0
	grpcworkshop/finished v0.0.0
	grpcworkshop/proto v0.0.0
	grpcworkshop/solutions/01-net-rpc v0.0.0
	grpcworkshop/testkit v0.0.0
)

require (
	go.uber.org/goleak v1.3.0 // indirect
	golang.org/x/net v0.61.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260921155816-b14227669459 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

replace (
	grpcworkshop/finished => ../../finished
	grpcworkshop/proto => ../../proto
	grpcworkshop/solutions/01-net-rpc => ../../solutions/01-net-rpc
	grpcworkshop/testkit => ../../testkit
)
