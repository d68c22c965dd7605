package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// venvPython returns the path of the virtualenv's interpreter.
func venvPython(root string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(root, ".venv", "Scripts", "python.exe")
	}
	return filepath.Join(root, ".venv", "bin", "python")
}

// ensureVenv returns .venv's interpreter after running the Taskfile's venv
// task, which installs the pinned requirements, unless its stamp is fresh.
func ensureVenv(root string) (string, error) {
	stamp, err := os.Stat(filepath.Join(root, ".venv", "workshop.stamp"))
	fresh := err == nil
	for _, f := range []string{"python-client/requirements.txt", "python-client/install_path.py"} {
		info, err := os.Stat(filepath.Join(root, f))
		fresh = fresh && err == nil && !info.ModTime().After(stamp.ModTime())
	}
	if fresh {
		return venvPython(root), nil
	}
	if out, err := runQuiet(root, "go", "tool", "task", "venv"); err != nil {
		return "", fmt.Errorf("cannot make the Python virtualenv .venv (go tool task venv):\n%s", indent(lastLines(out, 10), "  "))
	}
	return venvPython(root), nil
}
