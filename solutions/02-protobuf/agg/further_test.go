//go:build further

package agg

import (
	"testing"
)

// Going further: ReadArgs(b) decodes the bytes of an InputArgsOfBinaryFunc
// by hand, with package protowire, the way the generated code does for you:
// tag after tag, skipping the fields it does not know.
func TestFurtherReadArgs(t *testing.T) {
	tests := []struct {
		name           string
		in             []byte
		value1, value2 int32
	}{
		{"the README's bytes", []byte{0x08, 0x03, 0x10, 0x04}, 3, 4},
		{"nothing: every field at its zero value", nil, 0, 0},
		{"fields in another order", []byte{0x10, 0x04, 0x08, 0x03}, 3, 4},
		{"a two-byte varint", []byte{0x10, 0xac, 0x02}, 0, 300},
		{"a negative number, ten bytes", []byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, -1, 0},
		{"an unknown varint field 3", []byte{0x08, 0x03, 0x10, 0x04, 0x18, 0x05}, 3, 4},
		{"an unknown string field 4", []byte{0x22, 0x02, 'h', 'i', 0x08, 0x03}, 3, 0},
		{"the same field twice: the last one wins", []byte{0x08, 0x01, 0x08, 0x03}, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v1, v2, err := ReadArgs(tt.in)
			if err != nil || v1 != tt.value1 || v2 != tt.value2 {
				t.Errorf("ReadArgs(% x) = (%d, %d, %v), want (%d, %d, <nil>)", tt.in, v1, v2, err, tt.value1, tt.value2)
			}
		})
	}
	for _, in := range [][]byte{
		{0x08},            // a tag, then nothing
		{0x08, 0x80},      // a varint that never ends
		{0x22, 0x05, 'h'}, // a string shorter than its length
	} {
		if v1, v2, err := ReadArgs(in); err == nil {
			t.Errorf("ReadArgs(% x) = (%d, %d, <nil>), want an error: the bytes end in the middle of a field", in, v1, v2)
		}
	}
}
