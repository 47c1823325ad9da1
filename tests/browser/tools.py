"""The tools the browser checks need, where they are, and what is missing.

Run `python -m tests.browser.tools` to see whether the checks will run here.
"""

import importlib.util
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Chromium as the probe of this machine runs it: no sandbox (we are root in CI), and nothing that calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_ci():
    return os.environ.get("CI") == "true"


def missing():
    """What is missing for the browser checks, each with how to get it; empty when they can run."""
    reasons = []
    if not CHROMIUM.is_file():
        reasons.append(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    if importlib.util.find_spec("playwright") is None:
        reasons.append("the playwright Python package is not installed (make install-dev)")
    if not AXE.is_file() or not VNU.is_file():
        reasons.append("axe-core and vnu-jar are not in node_modules/ (make browser-tools)")
    if shutil.which("java") is None:
        reasons.append("no java for the Nu HTML Checker (apt-get install default-jre-headless)")
    return reasons


def npm_version(package):
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


def summary():
    """One line for pytest's header and `make test`."""
    reasons = missing()
    if reasons:
        verdict = "FAIL, as CI=true" if in_ci() else "SKIPPED"
        return f"browser checks: {verdict}: " + "; ".join(reasons)
    return f"browser checks: Chromium {CHROMIUM}, axe-core {npm_version('axe-core')}, vnu-jar {npm_version('vnu-jar')}"


if __name__ == "__main__":
    print(summary())
