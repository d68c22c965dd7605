"""python-client holds the finished lesson 05, plus the Python server and the
cross-language tests. The lesson's files must stay the same in both places:
change them here, then copy them to solutions/05-python-client (and the test
files and conftest.py to lessons/05-python-client too).
"""

import pathlib

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = next(p for p in HERE.parents if (p / "lessons.json").is_file())
SOLUTION = ROOT / "solutions" / "05-python-client"
STARTER = ROOT / "lessons" / "05-python-client"

SHARED = [
    (SOLUTION, "aggclient.py"),
    (SOLUTION, "conftest.py"),
    (SOLUTION, "test_aggclient.py"),
    (SOLUTION, "test_stubs.py"),
    (STARTER, "conftest.py"),
    (STARTER, "test_aggclient.py"),
    (STARTER, "test_stubs.py"),
]


@pytest.mark.parametrize("folder, name", SHARED, ids=lambda x: getattr(x, "name", x))
def test_lesson_files_match(folder, name):
    here, there = HERE / name, folder / name
    assert here.read_bytes() == there.read_bytes(), (
        f"{there.relative_to(ROOT)} differs from python-client/{name}; they must be the same file"
    )
