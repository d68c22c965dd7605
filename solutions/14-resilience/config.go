// Package resilience is lesson 14: what keeps calls working when servers
// fail, restart and come and go. A client of several replicas retries what
// is safe to retry, waits for a server that is starting, spreads its calls
// round robin, skips a replica that is down or says NOT_SERVING, and keeps
// its connections alive; a server stops without dropping calls, and without
// hanging on a call that never ends.
package resilience

// START config OMIT

// ServiceConfig is the service config of every client of the workshop's
// services: how the client retries, balances and checks health. A service
// owner publishes it (in DNS, or xDS); here grpc.WithDefaultServiceConfig
// gives it to the client. See the README, "The service config".
const ServiceConfig = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "healthCheckConfig": {"serviceName": ""},
  "methodConfig": [{
    "name": [{"service": "proto.gRPCRouteFuncs"}, {"service": "hello.v1.HelloService"}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.01s",
      "maxBackoff": "0.1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
}`

// END config OMIT
