"""python-client holds the finished lesson 05, plus the Python server and the
cross-language tests. The lesson's files must stay the same in both places:
change them here, then copy them to solutions/05-python-client (and the test
files and conftest.py to lessons/05-python-client too).

The starter's aggclient.py, in lessons/05-python-client, is this one with the
learner's four functions left to write. Change the rest here, then carry the
change over by hand; test_starter_differs_only_in_its_todo_functions checks.
"""

import ast
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


# The functions that lesson 05's starter leaves to the learner.
TODO_FUNCTIONS = {"call_blocking", "call_future", "call_aio", "describe_error"}


def top_level(path):
    """Maps each top-level statement of a Python file to its AST dump:
    functions and classes by name, everything else by position."""
    tree = ast.parse(path.read_text())
    out = {}
    for i, node in enumerate(tree.body):
        name = getattr(node, "name", f"statement {i}")
        out[name] = ast.dump(node)
    return out


def test_starter_differs_only_in_its_todo_functions():
    here, starter = top_level(HERE / "aggclient.py"), top_level(STARTER / "aggclient.py")
    assert here.keys() == starter.keys(), "lessons/05-python-client/aggclient.py has other top-level names"
    differ = sorted(name for name in here if here[name] != starter[name] and name not in TODO_FUNCTIONS)
    assert not differ, (
        f"lessons/05-python-client/aggclient.py differs from python-client/aggclient.py in {differ};"
        f" only {sorted(TODO_FUNCTIONS)} may differ"
    )
