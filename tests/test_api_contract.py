"""The API keeps to its published schema: schemathesis, with every check, against a real server.

This is the audit the API is held to, run as an outsider would run it: the schemathesis command line
reads `/api/v1/schema/` over HTTP from pytest-django's live server, generates requests from it (the
schema's examples, its boundaries and values just outside them, random values, and chains of calls),
and checks every answer against the schema: status codes, content types, headers and bodies, whether
invalid requests are refused and valid ones accepted. Any finding fails the test. The seed is fixed,
so a failure is the same on every run and on every machine.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.postgres_pass

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = "20261204"
# Enough cases per operation to reach every parameter's boundaries, few enough for a minute's run.
EXAMPLES = "40"


def test_every_check_of_schemathesis_passes_on_every_operation(live_server, seeded, monkeypatch, tmp_path):
    # The throttle stays on (its 429 is part of the contract), but high enough that the run tests the
    # operations rather than the limit; tests/test_api_limits.py checks the limit itself.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks=all",
            f"--seed={SEED}",
            f"--max-examples={EXAMPLES}",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # where it writes its cassettes and reports, if asked to: never the repository
        timeout=600,
    )
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
    # A run that tested nothing would also exit 0: every operation must have been selected and tested.
    assert "Tested: 12" in summary, summary
    assert "No issues found" in summary, summary
