// Package resilience is lesson 14: what keeps calls working when servers
// fail, restart and come and go. A client of several replicas retries what
// is safe to retry, waits for a server that is starting, spreads its calls
// round robin, skips a replica that is down or says NOT_SERVING, and keeps
// its connections alive; a server stops without dropping calls, and without
// hanging on a call that never ends.
package resilience

// ServiceConfig is the service config of every client of the workshop's
// services: how the client retries, balances and checks health. A service
// owner publishes it (in DNS, or xDS); here grpc.WithDefaultServiceConfig
// gives it to the client. See the README, "The service config".
//
// TODO(step 1): a methodConfig for the services proto.gRPCRouteFuncs and
// hello.v1.HelloService, with a retryPolicy that tries a call again when it
// fails with UNAVAILABLE, at least 3 attempts in all, and backoffs of tens
// of milliseconds. Only UNAVAILABLE: another code would fail the same way
// again. README: "Step 1: retry what is safe to retry".
//
// TODO(step 4): a loadBalancingConfig that picks round_robin, so that calls
// spread over every replica rather than all going to the first. README:
// "Step 4: round robin over three replicas".
//
// TODO(step 5): a healthCheckConfig, so that the client watches each
// replica's health service (the server as a whole: service name "") and
// skips one that says NOT_SERVING. README: "Step 5: skip what is not
// serving".
const ServiceConfig = `{}`
