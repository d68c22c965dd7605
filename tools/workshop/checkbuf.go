package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// cmdCheckBuf proves lesson 02's "only Go" path and lints the protos, with
// the buf pinned in tools/buf (outside go.work, hence GOWORK=off):
//
//   - buf lint passes on proto/ and on lesson 02's proto, with exactly the
//     exemptions that their buf.yaml files list;
//   - `go tool task generate-lesson-2`'s command, run on a copy of the
//     lesson with the solution's .proto, generates code that passes the
//     lesson's tests.
//
// The first run compiles buf, which takes a minute or two.
func cmdCheckBuf(c *Course) error {
	modfile := filepath.Join(c.Root, "tools", "buf", "go.mod")
	noWork := []string{"GOWORK=off"}
	buf := func(dir string, args ...string) error {
		return runShown(dir, noWork, "go", append([]string{"tool", "-modfile=" + modfile, "buf"}, args...)...)
	}
	for _, dir := range []string{"proto", "lessons/02-protobuf", "solutions/02-protobuf"} {
		if err := buf(filepath.Join(c.Root, dir), "lint"); err != nil {
			return fmt.Errorf("buf lint fails in %s (see above)", dir)
		}
		fmt.Printf("buf lint: %s ok\n", dir)
	}

	tmp, err := os.MkdirTemp("", "workshop-check-buf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	lesson := filepath.Join(tmp, "02-protobuf")
	if err := os.CopyFS(lesson, os.DirFS(filepath.Join(c.Root, "lessons", "02-protobuf"))); err != nil {
		return err
	}
	finished, err := os.ReadFile(filepath.Join(c.Root, "solutions", "02-protobuf", "proto", "aggfunc.proto"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(lesson, "proto", "aggfunc.proto"), finished, 0o644); err != nil {
		return err
	}
	if err := buf(lesson, "generate"); err != nil {
		return fmt.Errorf("buf generate fails on lesson 02 with the finished .proto (see above)")
	}
	if err := runShown(lesson, noWork, "go", "test", "-count=1", "./..."); err != nil {
		return fmt.Errorf("lesson 02's tests fail on the code buf generated (see above)")
	}
	fmt.Println("check-buf: lesson 02's buf path generates code that passes the lesson's tests.")
	return nil
}
