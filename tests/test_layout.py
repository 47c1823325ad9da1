"""The apps import one another one way: taxonomy <- records <- practices, projects <- browse, api, opendata,
submissions <- config.

pagecache depends on Django alone, and every app may use it; accounts (a partner's profile) depends on Django
and django-allauth alone, and submissions uses it. Migrations import no application code: they
must run the same in a year, whatever the code has become.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the apps it may import.
MAY_IMPORT = {
    "pagecache": set(),
    "taxonomy": {"pagecache"},
    "records": {"taxonomy", "pagecache"},
    "practices": {"taxonomy", "records", "pagecache"},
    "projects": {"taxonomy", "records", "pagecache"},
    "browse": {"taxonomy", "records", "pagecache", "practices", "projects"},
    "api": {"taxonomy", "records", "pagecache", "practices", "projects"},
    "opendata": {"taxonomy", "records", "pagecache", "practices", "projects"},
    "accounts": {"pagecache"},
    "submissions": {"taxonomy", "records", "pagecache", "practices", "accounts"},
    "reviews": {"taxonomy", "records", "pagecache", "practices", "accounts"},
    "alerts": {"taxonomy", "records", "pagecache", "practices", "projects", "accounts"},
    "config": {
        *("taxonomy", "records", "pagecache", "practices", "projects", "browse", "api", "opendata"),
        *("accounts", "submissions", "reviews", "alerts"),
    },
}


def imported_apps(path):
    """The project's apps that the module at `path` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in MAY_IMPORT)
    return found


def modules(app):
    return sorted((ROOT / app).rglob("*.py"))


def imports_of(app, migrations):
    return {
        (path.relative_to(ROOT).as_posix(), other)
        for path in modules(app)
        if ("migrations" in path.parts) == migrations
        for other in imported_apps(path) - {app}
    }


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_each_app_imports_only_the_apps_below_it(app):
    assert {(module, other) for module, other in imports_of(app, False) if other not in MAY_IMPORT[app]} == set()


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_migrations_import_no_application_code(app):
    assert imports_of(app, True) == set()


def test_the_guard_sees_an_import_that_runs_the_wrong_way(tmp_path):
    module = tmp_path / "models.py"
    module.write_text("def f():\n    from practices.models import Practice\n")
    assert imported_apps(module) == {"practices"}
