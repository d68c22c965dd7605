"""Lesson 05's README shows what its starter prints for the first step: this
runs the starter's first step and checks that the README still shows it.

The starter is read from git's HEAD, not from lessons/05-python-client, where
a learner may have written the TODOs already.
"""

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
