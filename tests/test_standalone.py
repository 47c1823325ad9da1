"""A checkout stands alone: nothing it builds or tests reads a folder beside the repository.

The reference lists and the source documents live in sources/. These tests copy the repository's
tracked files into a folder with nothing beside it, and build and test the fixtures there.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

REPOSITORY = settings.BASE_DIR
# A path that leaves the repository for the sibling folder of the design notes, written as a relative
# path or as BASE_DIR.parent joined with its name (the name is spelt apart, so this file is no such path).
SIBLING = "sha" + "red"
SIBLING_FOLDER = re.compile(rf"\.\./{SIBLING}\b|\.parent\s*/\s*[\"']{SIBLING}[\"']")


def tracked_files():
    """The files a clone would hold once the working tree is committed: those git tracks or would track
    (not ignored), as they are now; none deleted meanwhile. Nothing ignored: no .venv, database or .mo."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [path for path in listing.split("\0") if path and (REPOSITORY / path).is_file()]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the tracked files, in a folder whose parent holds nothing else."""
    root = tmp_path_factory.mktemp("alone") / "checkout"
    for path in tracked_files():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPOSITORY / path, root / path)
    assert [child.name for child in root.parent.iterdir()] == ["checkout"]
    return root


def run_in(checkout, *command):
    """`command` with this virtualenv's Python, in the copy, on a database of its own (in-memory SQLite)."""
    environment = {
        name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "REDIS_URL", "PYTHONPATH")
    }
    return subprocess.run(
        [sys.executable, *command], cwd=checkout, env=environment, capture_output=True, text=True, timeout=300
    )


def test_the_reference_fixture_is_rebuilt_from_the_sources_in_a_checkout_with_nothing_beside_it(checkout, tmp_path):
    output = tmp_path / "reference.json"
    result = run_in(checkout, "manage.py", "build_reference_fixtures", "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == (REPOSITORY / "fixtures" / "reference.json").read_bytes()


def test_the_fixture_tests_pass_in_a_checkout_with_nothing_beside_it(checkout):
    result = run_in(checkout, "-m", "pytest", "-q", "tests/test_fixtures.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_tracked_file_but_the_docs_names_a_folder_beside_the_repository():
    this_file = "tests/test_standalone.py"
    naming = [
        path
        for path in tracked_files()
        if not path.endswith(".md")
        and path != this_file
        and SIBLING_FOLDER.search((REPOSITORY / path).read_text(encoding="utf-8", errors="replace"))
    ]
    assert naming == []
