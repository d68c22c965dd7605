package hello

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"runtime/debug"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// LibraryChain is the chain a production server would run, built with
// github.com/grpc-ecosystem/go-grpc-middleware/v2, outermost first:
//
//   - recovery: a panic in any layer below, or in a handler, ends that call
//     with INTERNAL and a log line with the stack; the server goes on;
//   - request-id: this lesson's, by hand (the library has none);
//   - logging: one line per call as it ends, through logger, with the
//     request id;
//   - auth: the library's, behind its selector, so that health checks and
//     reflection need no token.
func LibraryChain(token string, logger *slog.Logger) []Interceptor {
	// The handler runs in the goroutine that panicked, so debug.Stack is the
	// panic's stack. recovery is outermost: ctx has no request id yet, but
	// grpc.Method names the call.
	onPanic := recovery.WithRecoveryHandlerContext(func(ctx context.Context, p any) error {
		method, _ := grpc.Method(ctx)
		logger.ErrorContext(ctx, "panic", "method", method, "panic", p, "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "internal error")
	})

	// The library logs through any func of this shape: four lines make it
	// log/slog.
	log := logging.LoggerFunc(func(ctx context.Context, level logging.Level, msg string, fields ...any) {
		logger.Log(ctx, slog.Level(level), msg, fields...)
	})
	logOpts := []logging.Option{
		logging.WithLogOnEvents(logging.FinishCall),
		logging.WithFieldsFromContext(func(ctx context.Context) logging.Fields {
			return logging.Fields{"request_id", RequestIDFrom(ctx)}
		}),
	}

	checkBearer := func(ctx context.Context) (context.Context, error) {
		got, err := auth.AuthFromMD(ctx, "bearer") // UNAUTHENTICATED when missing
		if err != nil {
			return nil, err
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			return nil, status.Error(codes.Unauthenticated, "bad token: send the metadata authorization: bearer TOKEN")
		}
		return ctx, nil
	}
	needsToken := selector.MatchFunc(func(_ context.Context, c interceptors.CallMeta) bool {
		return !Public(c.FullMethod())
	})

	// START librarychain OMIT
	return []Interceptor{
		{Name: "recovery", Unary: recovery.UnaryServerInterceptor(onPanic), Stream: recovery.StreamServerInterceptor(onPanic)},
		{Name: "request-id", Unary: UnaryRequestID, Stream: StreamRequestID},
		{Name: "logging", Unary: logging.UnaryServerInterceptor(log, logOpts...), Stream: logging.StreamServerInterceptor(log, logOpts...)},
		{Name: "auth",
			Unary:  selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(checkBearer), needsToken),
			Stream: selector.StreamServerInterceptor(auth.StreamServerInterceptor(checkBearer), needsToken)},
	}
	// END librarychain OMIT
}
