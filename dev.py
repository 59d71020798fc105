#!/usr/bin/env python3
"""Set up the environment and run cogov: ``python3 dev.py run [overrides]`` or ``python3 dev.py test``.

``test`` runs the suite on two workers, then the real-browser test on its own. Timing assertions
(marker ``bench``) are left out, so that a loaded machine cannot fail the suite: ``pytest -m bench``.

Creates ``.venv`` with this interpreter (Python >= 3.12), installs the project with the pinned
versions of ``constraints.txt`` (again only when ``pyproject.toml`` or the pins change), then runs
``cogov-run`` with the given overrides, or the test suite. Needs nothing but Python and pip.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".install-stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
EXTRAS = {"run": "", "test": "[test]"}
NO_TESTS = 5  # pytest's exit code when a selection holds no test (e.g. ``dev.py test tests/sim``)


def setup(extras: str) -> None:
    """Create the virtual environment and install the project if anything changed."""
    if sys.version_info < (3, 12):  # noqa: UP036 - this script must explain itself to older Pythons
        sys.exit(
            f"dev.py: Python >= 3.12 is needed (Mesa 3.5 requires it); this is {sys.version.split()[0]}. "
            "With pyenv, the .python-version file selects 3.12; otherwise run python3.12 dev.py ..."
        )
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    wanted = f"{extras} {digest.hexdigest()}"
    have = STAMP.read_text() if STAMP.exists() else ""
    if have == wanted or (extras == EXTRAS["run"] and have == f"{EXTRAS['test']} {digest.hexdigest()}"):
        return  # up to date (the test extras include everything ``run`` needs)
    print(f"dev.py: installing cogov{extras} (pinned by constraints.txt)", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}{extras}"], check=True)
    STAMP.write_text(wanted)


def main() -> None:
    """Dispatch ``run`` or ``test``."""
    if len(sys.argv) < 2 or sys.argv[1] not in EXTRAS:
        sys.exit("usage: python3 dev.py run [key=value ...] | python3 dev.py test [pytest args ...]")
    command, rest = sys.argv[1], sys.argv[2:]
    setup(EXTRAS["test"] if command == "test" else EXTRAS[command])
    os.chdir(ROOT)
    if command == "run":
        sys.exit(subprocess.run([str(BIN / "cogov-run"), *rest]).returncode)
    pytest = [str(BIN / "python"), "-m", "pytest"]
    suite = subprocess.run([*pytest, "-n", "2", "-m", "not slow and not e2e and not bench", *rest]).returncode
    # the browser test alone, so that a loaded machine does not starve the app it drives
    browser = subprocess.run([*pytest, "-m", "e2e and not bench", *rest]).returncode
    sys.exit(suite or (0 if browser == NO_TESTS else browser))


if __name__ == "__main__":
    main()
