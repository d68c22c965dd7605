package agg

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// ReadArgs decodes the bytes of an InputArgsOfBinaryFunc by hand, the way
// proto.Unmarshal does it with the generated code: tag after tag, in any
// order, the last value winning when a field comes twice, and fields it does
// not know skipped. It is the README's "Going further" exercise.
func ReadArgs(b []byte) (value1, value2 int32, err error) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return 0, 0, fmt.Errorf("reading a tag: %w", protowire.ParseError(n))
		}
		b = b[n:]
		if typ != protowire.VarintType || (num != 1 && num != 2) {
			// Not value1 or value2: skip the value, whatever its type.
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return 0, 0, fmt.Errorf("skipping field %d: %w", num, protowire.ParseError(n))
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return 0, 0, fmt.Errorf("reading field %d: %w", num, protowire.ParseError(n))
		}
		b = b[n:]
		// An int32 travels as a 64-bit varint; converting keeps its low 32
		// bits, which gives back negative numbers too.
		if num == 1 {
			value1 = int32(v)
		} else {
			value2 = int32(v)
		}
	}
	return value1, value2, nil
}
