package finished

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/experimental"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Limits bound what one client can take from the server: its memory, its
// streams, its time. A server without them does what any client asks: 300 MB
// of greetings held in memory, a million replies to one 4-byte request,
// 20,000 streams on one connection.
//
// The first four are grpc-go's own, given to grpc.NewServer: grpc-go
// enforces them, with its own messages. The others are this server's, per
// call, checked by an interceptor (see New). Every refusal of the server's
// own is
// RESOURCE_EXHAUSTED, with a message that names the limit and the flag of
// cmd/server that changes it:
//
//	more than 10000 greetings in one call (the server's limit MaxGreetings, flag -max-greetings)
//
// and the log line:
//
//	level=WARN msg="limit reached" method=/hello.v1.HelloService/LotsOfGreetings limit=MaxGreetings flag=-max-greetings max=10000
//
// docs/limits.md lists them all, with what a client gets past each.
//
// A zero field means its default, from DefaultLimits.
type Limits struct {
	// MaxConcurrentStreams is how many calls one connection may have open
	// at once. The server announces it when a connection opens (HTTP/2's
	// SETTINGS_MAX_CONCURRENT_STREAMS): grpc-go clients then wait for a
	// free stream, and a stream opened past it anyway is refused
	// (REFUSED_STREAM, which a client sees as UNAVAILABLE).
	MaxConcurrentStreams uint32
	// MaxHeaderListSize is how many bytes of headers (the call's metadata
	// and HTTP/2's own) one call may send. grpc-go clients check it before
	// sending, and fail the call with INTERNAL; a call that sends more
	// anyway is reset.
	MaxHeaderListSize uint32
	// MaxRecvMsgSize is the largest message the server reads, in bytes;
	// past it, RESOURCE_EXHAUSTED. (grpc-go's default is 4 MiB too: this
	// says it out loud.)
	MaxRecvMsgSize int
	// MaxSendMsgSize is the largest message the server sends; a handler
	// that tries a larger one fails its call with RESOURCE_EXHAUSTED.
	// (grpc-go's default has no limit.)
	MaxSendMsgSize int

	// MaxGreetings is how many greetings one LotsOfGreetings or BidiHello
	// call may send. LotsOfGreetings, and BidiHello in mode all, keep
	// every greeting until the client closes its side.
	MaxGreetings int
	// MaxGreetingBytes is how many bytes of greetings (their messages'
	// size) one LotsOfGreetings or BidiHello call may send.
	MaxGreetingBytes int
	// MaxReplies is how many replies one LotsOfReplies call may ask for
	// with the metadata hello-replies.
	MaxReplies int
	// MaxReplyTime bounds hello-replies × hello-interval: how long one
	// LotsOfReplies call may ask the server to keep sending.
	MaxReplyTime time.Duration
}

// DefaultLimits are the limits of a server whose Options set none, and the
// defaults of cmd/server's flags. They leave room for every use in the
// workshop (the docs, the Python tests, the lessons' clients) and none for
// a client that would take the server down.
var DefaultLimits = Limits{
	MaxConcurrentStreams: 100,      // HTTP/2's advice: no fewer than 100
	MaxHeaderListSize:    16 << 10, // 16 KiB; grpc-go's default is 16 MiB
	MaxRecvMsgSize:       4 << 20,
	MaxSendMsgSize:       4 << 20,
	MaxGreetings:         10_000,
	MaxGreetingBytes:     1 << 20, // 1 MiB
	MaxReplies:           10_000,
	MaxReplyTime:         time.Minute,
}

// The flags of cmd/server that set the limits, which the refusals name.
const (
	FlagMaxConcurrentStreams = "max-concurrent-streams"
	FlagMaxHeaderListSize    = "max-header-list-size"
	FlagMaxRecvMsgSize       = "max-recv-msg-size"
	FlagMaxSendMsgSize       = "max-send-msg-size"
	FlagMaxGreetings         = "max-greetings"
	FlagMaxGreetingBytes     = "max-greeting-bytes"
	FlagMaxReplies           = "max-replies"
	FlagMaxReplyTime         = "max-reply-time"
)

// withDefaults returns l with DefaultLimits' value in each zero field.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	l.MaxConcurrentStreams = cmp.Or(l.MaxConcurrentStreams, d.MaxConcurrentStreams)
	l.MaxHeaderListSize = cmp.Or(l.MaxHeaderListSize, d.MaxHeaderListSize)
	l.MaxRecvMsgSize = cmp.Or(l.MaxRecvMsgSize, d.MaxRecvMsgSize)
	l.MaxSendMsgSize = cmp.Or(l.MaxSendMsgSize, d.MaxSendMsgSize)
	l.MaxGreetings = cmp.Or(l.MaxGreetings, d.MaxGreetings)
	l.MaxGreetingBytes = cmp.Or(l.MaxGreetingBytes, d.MaxGreetingBytes)
	l.MaxReplies = cmp.Or(l.MaxReplies, d.MaxReplies)
	l.MaxReplyTime = cmp.Or(l.MaxReplyTime, d.MaxReplyTime)
	return l
}

// serverOptions are grpc-go's limits, for grpc.NewServer, and the buffer
// pool that keeps a stalled stream's memory near the size of its messages.
func (l Limits) serverOptions() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxConcurrentStreams(l.MaxConcurrentStreams),
		grpc.MaxHeaderListSize(l.MaxHeaderListSize),
		grpc.MaxRecvMsgSize(l.MaxRecvMsgSize),
		grpc.MaxSendMsgSize(l.MaxSendMsgSize),
		experimental.BufferPool(bufferPool),
		grpc.ForceServerCodecV2(pooledProto{}),
	}
}

// bufferPool holds the buffers grpc-go reads and writes messages in, in
// sizes of every power of two from 256 bytes to 4 MiB (MaxRecvMsgSize's
// default): a message takes at most twice its size.
//
// grpc-go's default pool has sizes 256 B, 4, 16 and 32 KiB, then 1 MiB: a
// message of 33 KiB to 1 MiB takes a 1 MiB buffer. A client that stops
// reading leaves the replies queued for it in memory, up to HTTP/2's flow
// control window and grpc-go's write quota (64 KiB each, so a message or
// two): with 64 KiB replies that was over 2 MiB a stream in 1 MiB buffers,
// and 200 stalled streams held 840 MiB (TestSlowReaders measures it).
// The pool serves grpc-go's reads (experimental.BufferPool) and the
// marshaling of messages (pooledProto): both are experimental options of
// grpc-go, which may change.
var bufferPool = func() mem.BufferPool {
	var exponents []uint8
	for e := uint8(8); e <= 22; e++ {
		exponents = append(exponents, e)
	}
	pool, err := mem.NewBinaryTieredBufferPool(exponents...)
	if err != nil {
		panic(err) // only for exponents out of range: a bug here
	}
	return pool
}()

// interceptor returns the stream interceptor that holds HelloService's
// calls to the per-call limits: it counts the greetings of LotsOfGreetings
// and BidiHello as the handler reads them, and checks what a LotsOfReplies
// call asks for before its handler runs. hs is the HelloServer New serves:
// its ReplyPlan reads the call's metadata, so that the rules of what a
// valid request is stay in one place.
func (l Limits) interceptor(hs hello.HelloServer, logger *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		switch info.FullMethod {
		case hellov1.HelloService_LotsOfGreetings_FullMethodName, hellov1.HelloService_BidiHello_FullMethodName:
			ss = &greetingsCounter{ServerStream: ss, limits: l, logger: logger, method: info.FullMethod}
		case hellov1.HelloService_LotsOfReplies_FullMethodName:
			// A plan ReplyPlan cannot read is the handler's to refuse, with
			// INVALID_ARGUMENT.
			if n, interval, err := hs.ReplyPlan(ss.Context()); err == nil {
				if err := l.checkReplies(n, interval); err != nil {
					logRefusal(ss.Context(), logger, info.FullMethod, err)
					return err
				}
			}
		}
		return handler(srv, ss)
	}
}

// checkReplies refuses a LotsOfReplies call that asks for more than the
// limits allow.
func (l Limits) checkReplies(n int, interval time.Duration) error {
	if n > l.MaxReplies {
		return refusal("MaxReplies", FlagMaxReplies, l.MaxReplies,
			"metadata %s: %d replies is more than this server sends in one call, %d",
			hello.RepliesKey, n, l.MaxReplies)
	}
	// n is at most MaxReplies and interval at most hello.MaxInterval (a
	// minute): their product fits in a Duration for any MaxReplies below
	// 150,000,000.
	if total := time.Duration(n) * interval; total > l.MaxReplyTime {
		return refusal("MaxReplyTime", FlagMaxReplyTime, l.MaxReplyTime,
			"metadata %s × %s: %d replies %v apart take %v, longer than this server spends on one call, %v",
			hello.RepliesKey, hello.IntervalKey, n, interval, total, l.MaxReplyTime)
	}
	return nil
}

// greetingsCounter is a ServerStream that counts the greetings its
// handler reads, and fails the read that goes past a limit.
type greetingsCounter struct {
	grpc.ServerStream
	limits Limits
	logger *slog.Logger
	method string
	count  int // greetings read so far
	bytes  int // their size
}

// RecvMsg reads the next greeting, or returns RESOURCE_EXHAUSTED once the
// call has sent more than its limits. The handler returns that error, which
// ends the call with it. The greeting past the limit has been read (grpc-go
// reads a whole message at once): it is the one that is not kept.
func (s *greetingsCounter) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	s.count++
	if msg, ok := m.(proto.Message); ok {
		s.bytes += proto.Size(msg)
	}
	var err error
	switch {
	case s.count > s.limits.MaxGreetings:
		err = refusal("MaxGreetings", FlagMaxGreetings, s.limits.MaxGreetings,
			"more than %d greetings in one call", s.limits.MaxGreetings)
	case s.bytes > s.limits.MaxGreetingBytes:
		err = refusal("MaxGreetingBytes", FlagMaxGreetingBytes, s.limits.MaxGreetingBytes,
			"more than %d bytes of greetings in one call", s.limits.MaxGreetingBytes)
	default:
		return nil
	}
	logRefusal(s.Context(), s.logger, s.method, err)
	return err
}

// limitError is a refusal of one of the server's own limits: its status is
// RESOURCE_EXHAUSTED, and it remembers which limit, for the log.
type limitError struct {
	st    *status.Status
	limit string // the field of Limits, such as "MaxGreetings"
	flag  string
	max   any
}

func (e limitError) Error() string              { return e.st.Err().Error() }
func (e limitError) GRPCStatus() *status.Status { return e.st }

// refusal returns the limitError of limit, with flag and max: the message
// format's text, then which limit it is and which flag changes it, such
// as "more than 10000 greetings in one call (the server's limit
// MaxGreetings, flag -max-greetings)".
func refusal(limit, flag string, max any, format string, a ...any) error {
	msg := fmt.Sprintf(format, a...) + fmt.Sprintf(" (the server's limit %s, flag -%s)", limit, flag)
	return limitError{st: status.New(codes.ResourceExhausted, msg), limit: limit, flag: "-" + flag, max: max}
}

// logRefusal writes the WARN line of a refusal; a nil logger logs nothing.
func logRefusal(ctx context.Context, logger *slog.Logger, method string, err error) {
	e, ok := err.(limitError)
	if logger == nil || !ok {
		return
	}
	logger.LogAttrs(ctx, slog.LevelWarn, "limit reached",
		slog.String("method", method),
		slog.String("limit", e.limit),
		slog.String("flag", e.flag),
		slog.Any("max", e.max))
}

// pooledProto is grpc-go's proto codec, with bufferPool in place of
// grpc-go's default pool, which its own codec always uses.
type pooledProto struct{}

// Marshal encodes v; into a buffer of bufferPool when it is large enough
// for pooling to pay, as grpc-go's codec does.
func (pooledProto) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("proto: cannot marshal %T, want proto.Message", v)
	}
	size := proto.Size(m)
	opts := proto.MarshalOptions{UseCachedSize: true} // the size just computed
	if mem.IsBelowBufferPoolingThreshold(size) {
		b, err := opts.Marshal(m)
		return mem.BufferSlice{mem.SliceBuffer(b)}, err
	}
	buf := bufferPool.Get(size)
	if _, err := opts.MarshalAppend((*buf)[:0], m); err != nil {
		bufferPool.Put(buf)
		return nil, err
	}
	return mem.BufferSlice{mem.NewBuffer(buf, bufferPool)}, nil
}

// Unmarshal decodes data into v.
func (pooledProto) Unmarshal(data mem.BufferSlice, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("proto: cannot unmarshal into %T, want proto.Message", v)
	}
	buf := data.MaterializeToBuffer(bufferPool)
	defer buf.Free()
	return proto.Unmarshal(buf.ReadOnlyData(), m)
}

// Name is the codec's name: "proto", the content subtype it serves.
func (pooledProto) Name() string { return "proto" }

// AddFlags sets l to DefaultLimits and defines cmd/server's flag for each
// of its fields on fs (-max-greetings and so on): fs.Parse sets the fields
// the command line names. Each takes a number above zero, or a duration
// above zero for -max-reply-time; sizes are in bytes.
func (l *Limits) AddFlags(fs *flag.FlagSet) {
	*l = DefaultLimits
	fs.Var(positive[uint32]{&l.MaxConcurrentStreams}, FlagMaxConcurrentStreams, "at most `n` calls open at once on one connection (announced as HTTP/2's SETTINGS_MAX_CONCURRENT_STREAMS)")
	fs.Var(positive[uint32]{&l.MaxHeaderListSize}, FlagMaxHeaderListSize, "at most this many `bytes` of headers (metadata) in one call")
	fs.Var(positive[int]{&l.MaxRecvMsgSize}, FlagMaxRecvMsgSize, "the largest message the server reads, in `bytes`")
	fs.Var(positive[int]{&l.MaxSendMsgSize}, FlagMaxSendMsgSize, "the largest message the server sends, in `bytes`")
	fs.Var(positive[int]{&l.MaxGreetings}, FlagMaxGreetings, "at most `n` greetings in one LotsOfGreetings or BidiHello call")
	fs.Var(positive[int]{&l.MaxGreetingBytes}, FlagMaxGreetingBytes, "at most this many `bytes` of greetings in one LotsOfGreetings or BidiHello call")
	fs.Var(positive[int]{&l.MaxReplies}, FlagMaxReplies, "at most `n` replies to one LotsOfReplies call (metadata hello-replies)")
	fs.Var(positive[time.Duration]{&l.MaxReplyTime}, FlagMaxReplyTime, "at most this `duration` of hello-replies × hello-interval in one LotsOfReplies call")
}

// positive is a flag.Value that takes only a number (or, for a
// time.Duration, a duration) above zero: zero would mean the default, and
// a negative limit nothing at all.
type positive[T uint32 | int | time.Duration] struct{ p *T }

func (v positive[T]) String() string {
	if v.p == nil {
		return "" // the zero Value, which flag makes to tell a default from none
	}
	if d, ok := any(*v.p).(time.Duration); ok {
		return d.String()
	}
	return fmt.Sprint(*v.p)
}

func (v positive[T]) Set(s string) error {
	var n int64
	var err error
	if _, ok := any(*v.p).(time.Duration); ok {
		var d time.Duration
		d, err = time.ParseDuration(s)
		n = int64(d)
	} else {
		n, err = strconv.ParseInt(s, 0, 64)
		if err == nil && int64(T(n)) != n {
			return fmt.Errorf("%s is too large", s)
		}
	}
	if err != nil || n <= 0 {
		return errors.New("want a value above zero")
	}
	*v.p = T(n)
	return nil
}
