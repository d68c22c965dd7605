"""Lesson 05's README shows what its starter prints for the first step: this
runs the starter's first step and checks that the README still shows it; and
the full client here holds the solution's functions unchanged.

The starter is read from git's HEAD, not from lessons/05-python-client, where
a learner may have written the TODOs already.
"""

import ast
import re
import shutil
import subprocess
import sys

import pytest
from grpcfixtures import ROOT, clean_env

LESSON = ROOT / "lessons" / "05-python-client"


def test_lesson05_readme_shows_the_starters_failure(tmp_path):
    try:
        starter = subprocess.run(
            ["git", "show", "HEAD:lessons/05-python-client/aggclient.py"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs git, to read the starter as committed")
    (tmp_path / "aggclient.py").write_text(starter)
    for name in ("conftest.py", "test_aggclient.py"):
        shutil.copy(LESSON / name, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_aggclient.py::test_blocking_call"],
        cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=120,
    )
    got = result.stdout.splitlines()
    readme = (LESSON / "README.md").read_text()
    block = re.search(r"<!-- check: test python-client/test_lesson05.py \S+.*-->\n```\n(.*?)```", readme, re.S)
    assert block, "lessons/05-python-client/README.md has no block checked by this test"
    shown = block.group(1).splitlines()
    assert result.returncode == 1 and all(line in got for line in shown), (
        f"the README shows:\n{block.group(1)}\nthe starter's first step prints:\n{result.stdout}"
    )


# The functions of lesson 05's solution that the full client here holds too:
# the full client is lesson 05 finished, plus the streaming rpcs.
SHARED_FUNCTIONS = ["make_request", "stub_method", "call_blocking", "call_future", "call_aio", "call", "describe_error"]


def functions(path):
    """Maps each top-level function of a Python file to its AST dump."""
    tree = ast.parse(path.read_text())
    return {n.name: ast.dump(n) for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_full_client_holds_lesson05s_solution():
    full = functions(ROOT / "python-client" / "aggclient.py")
    solution = functions(ROOT / "solutions" / "05-python-client" / "aggclient.py")
    differ = [name for name in SHARED_FUNCTIONS if full.get(name) != solution.get(name)]
    assert not differ, (
        f"python-client/aggclient.py and solutions/05-python-client/aggclient.py differ in {differ}:"
        " change both, or take the function out of SHARED_FUNCTIONS"
    )
