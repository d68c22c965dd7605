package evolution

import (
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// WireProblems compares two versions of a message, as buf breaking's wire
// rules do for one message: one line for each field number that both use
// with a different kind or cardinality, or a different message or enum
// type, in the order of old's fields, such as
// "field 1 (reply): string, now int32 (value)". It is the "Going further"
// exercise.
func WireProblems(old, new protoreflect.MessageDescriptor) []string {
	var problems []string
	fields := old.Fields()
	for i := range fields.Len() {
		o := fields.Get(i)
		n := new.Fields().ByNumber(o.Number())
		if n == nil {
			continue
		}
		if describe(o) != describe(n) {
			problems = append(problems, fmt.Sprintf("field %d (%s): %s, now %s (%s)", o.Number(), o.Name(), describe(o), describe(n), n.Name()))
		}
	}
	return problems
}

// describe is what of a field the wire depends on: "repeated string",
// "message google.protobuf.Timestamp", "int32".
func describe(f protoreflect.FieldDescriptor) string {
	s := f.Kind().String()
	switch {
	case f.IsMap():
		s = "map<" + describe(f.MapKey()) + ", " + describe(f.MapValue()) + ">"
	case f.Message() != nil:
		s += " " + string(f.Message().FullName())
	case f.Enum() != nil:
		s += " " + string(f.Enum().FullName())
	}
	if f.IsList() {
		s = "repeated " + s
	}
	return s
}
