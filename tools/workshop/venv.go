package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// requirementsFile pins every Python package the workshop uses.
const requirementsFile = "python-client/requirements.txt"

// venvPython returns the path of the virtualenv's interpreter.
func venvPython(root string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(root, ".venv", "Scripts", "python.exe")
	}
	return filepath.Join(root, ".venv", "bin", "python")
}

// ensureVenv makes sure the project-local virtualenv .venv exists and holds
// exactly the pinned requirements, and returns its interpreter. It installs
// again only when requirements.txt has changed since the last install.
func ensureVenv(root string) (string, error) {
	reqs, err := os.ReadFile(filepath.Join(root, requirementsFile))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(reqs)
	want := hex.EncodeToString(sum[:])
	python := venvPython(root)
	stamp := filepath.Join(root, ".venv", "workshop-requirements.sha256")
	if got, err := os.ReadFile(stamp); err == nil && strings.TrimSpace(string(got)) == want {
		if _, err := os.Stat(python); err == nil {
			return python, nil
		}
	}
	if _, err := os.Stat(python); err != nil {
		system, err := systemPython()
		if err != nil {
			return "", err
		}
		fmt.Fprintln(os.Stderr, "Creating the project's Python virtualenv in .venv (first time only) ...")
		if out, err := runQuiet(root, system[0], append(system[1:], "-m", "venv", ".venv")...); err != nil {
			hint := ""
			if strings.Contains(out, "ensurepip") {
				hint = " On Debian or Ubuntu, install the venv module first: sudo apt install python3-venv"
			}
			return "", fmt.Errorf("cannot create .venv with %s: %s.%s", strings.Join(system, " "), firstLine(strings.TrimSpace(out)), hint)
		}
	}
	fmt.Fprintf(os.Stderr, "Installing the pinned Python packages from %s into .venv ...\n", requirementsFile)
	out, err := runQuiet(root, python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirementsFile)
	if err != nil {
		return "", fmt.Errorf("pip could not install %s:\n%s\nIf you are behind a proxy, set HTTPS_PROXY; see docs/troubleshooting.md", requirementsFile, indent(lastLines(out, 10), "  "))
	}
	if err := os.WriteFile(stamp, []byte(want+"\n"), 0o644); err != nil {
		return "", err
	}
	return python, nil
}

// systemPython finds a Python 3.10 or newer to create the virtualenv with.
func systemPython() ([]string, error) {
	candidates := [][]string{{"python3"}, {"python"}}
	if runtime.GOOS == "windows" {
		candidates = [][]string{{"py", "-3"}, {"python"}, {"python3"}}
	}
	for _, c := range candidates {
		if _, err := exec.LookPath(c[0]); err != nil {
			continue
		}
		out, err := exec.Command(c[0], append(c[1:], "-c", "import sys; print(sys.version_info >= (3, 10))")...).Output()
		if err == nil && strings.TrimSpace(string(out)) == "True" {
			return c, nil
		}
	}
	return nil, errors.New("no Python 3.10 or newer found (tried python3 and python): install it from https://www.python.org/downloads/ or your package manager, then run this again")
}
