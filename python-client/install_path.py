"""install_path puts python-client/ on the virtualenv's import path.

The generated stubs (package proto), the client's shared command line
(aggcli) and the tests' fixtures (grpcfixtures) live once, here. Lesson 05
imports them from its own folder. Rather than a PYTHONPATH to remember, this
writes a .pth file into the virtualenv's site-packages: a one-line file that
names a folder Python adds to sys.path at start-up (the mechanism
`pip install -e` uses). `go tool workshop venv` runs it; by hand, from the
repository root, with the virtualenv's Python:

    python python-client/install_path.py
"""

import pathlib
import sys
import sysconfig

HERE = pathlib.Path(__file__).resolve().parent


def main():
    if sys.prefix == sys.base_prefix:
        print("install_path: run this with the virtualenv's Python (.venv/bin/python), not the system's", file=sys.stderr)
        return 1
    pth = pathlib.Path(sysconfig.get_paths()["purelib"]) / "grpcworkshop.pth"
    pth.write_text(f"{HERE}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
