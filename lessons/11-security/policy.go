package security

// Policy is the server's authorization policy, in grpc/authz's JSON: anyone
// the server knows may call sum, and only alice may call multiply. It
// matches on the caller's name that Authenticate puts under CallerKey, so
// one rule covers a client certificate and a token alike. A call that no
// allow rule matches ends with PERMISSION_DENIED.
//
// TODO(step 6): add the rule that lets alice, and nobody else, call
// multiply: its path, and a header rule on CallerKey. README: "Step 6: the
// policy".
const Policy = `{
  "name": "aggfunc",
  "allow_rules": [
    {
      "name": "anyone may sum",
      "request": {"paths": ["/proto.gRPCRouteFuncs/sum"]}
    }
  ]
}`
