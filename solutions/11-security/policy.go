package security

// Policy is the server's authorization policy, in grpc/authz's JSON: anyone
// the server knows may call sum, and only alice may call multiply. It
// matches on the caller's name that Authenticate puts under CallerKey, so
// one rule covers a client certificate and a token alike. A call that no
// allow rule matches ends with PERMISSION_DENIED.
//
// START policy OMIT
const Policy = `{
  "name": "aggfunc",
  "allow_rules": [
    {
      "name": "anyone may sum",
      "request": {"paths": ["/proto.gRPCRouteFuncs/sum"]}
    },
    {
      "name": "alice may multiply",
      "request": {
        "paths": ["/proto.gRPCRouteFuncs/multiply"],
        "headers": [{"key": "x-caller", "values": ["alice"]}]
      }
    }
  ]
}`

// END policy OMIT
