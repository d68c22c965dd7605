package checks

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseChecks(t *testing.T) {
	doc := "# Title\n\n" +
		"```console\n$ go tool task serve\nlistening on 127.0.0.1:50051\n```\n\n" +
		"<!-- check -->\n```console\n$ go tool grpcurl -plaintext localhost:50051 list\na\nb\n```\n\n" +
		"<!-- check reflection=off exit=1 -->\n\n```console\n$ go tool grpcurl \\\n    -plaintext localhost:50051 list\nFailed\n```\n"
	got, err := ParseChecks(strings.NewReader(doc), "grpcurl")
	if err != nil {
		t.Fatal(err)
	}
	want := []Check{
		{Line: 10, Args: []string{"go", "tool", "grpcurl", "-plaintext", "localhost:50051", "list"}, Output: "a\nb\n", Reflection: true},
		{Line: 18, Args: []string{"go", "tool", "grpcurl", "-plaintext", "localhost:50051", "list"}, Output: "Failed\n", Exit: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseChecks =\n%+v\nwant\n%+v", got, want)
	}

	for name, bad := range map[string]string{
		"here-document never ends": "<!-- check -->\n```console\n$ go tool grpcurl -d @ x <<EOF\n{}\n```\n",
		"unmarked grpcurl":         "```console\n$ go tool grpcurl list\n```\n",
		"marker, no block":         "<!-- check -->\ntext\n",
		"unknown option":           "<!-- check fast -->\n```console\n$ go tool grpcurl list\n```\n",
		"no command":               "<!-- check -->\n```console\noutput\n```\n",
		"block never closed":       "<!-- check -->\n```console\n$ go tool grpcurl list\n",
	} {
		if _, err := ParseChecks(strings.NewReader(bad), "grpcurl"); err == nil {
			t.Errorf("%s: ParseChecks succeeded, want an error", name)
		}
	}
}

func TestParseChecksHereDocument(t *testing.T) {
	doc := "<!-- check -->\n```console\n$ go tool grpcurl -d @ \\\n    localhost:50051 hello.v1.HelloService/LotsOfGreetings <<EOF\n" +
		"{\"greeting\": \"hi\"}\n{\"greeting\": \"hey\"}\nEOF\n{\n  \"reply\": \"x\"\n}\n```\n" +
		"<!-- check -->\n```console\n$ cat <<'END'\nEOF\nEND\n```\n"
	got, err := ParseChecks(strings.NewReader(doc), "grpcurl")
	if err != nil {
		t.Fatal(err)
	}
	want := []Check{
		{
			Line:       3,
			Args:       []string{"go", "tool", "grpcurl", "-d", "@", "localhost:50051", "hello.v1.HelloService/LotsOfGreetings"},
			Stdin:      "{\"greeting\": \"hi\"}\n{\"greeting\": \"hey\"}\n",
			Output:     "{\n  \"reply\": \"x\"\n}\n",
			Reflection: true,
		},
		{Line: 14, Args: []string{"cat"}, Stdin: "EOF\n", Reflection: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseChecks =\n%+v\nwant\n%+v", got, want)
	}
}
