"""Exit codes and one-line errors: one kind of problem, one code; importing them loads no Hydra."""

import subprocess
import sys

import pytest

import sim
from scenarios import errors
from sim.memory import ResourceError


def test_importing_the_errors_loads_neither_hydra_nor_omegaconf_nor_the_model():
    code = "import sys, scenarios.errors; print(sorted({'hydra', 'omegaconf', 'sim.model'} & {*sys.modules}))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stderr


@pytest.mark.parametrize(
    ("err", "code"),
    [
        (sim.ConfigError("steps", -1, "an integer 0 to 100,000"), errors.EXIT_BAD_INPUT),
        (errors.OutputError("hydra.run.dir", "/x", "a writable folder"), errors.EXIT_IO),
        (ResourceError(10_000_000, 40 * 2**30, 2**30), errors.EXIT_RESOURCES),
    ],
)
def test_guarded_error_ends_the_tool_with_one_line_and_the_code_of_its_kind(err, code, capsys):
    def check():
        raise err

    with pytest.raises(SystemExit) as stop:
        errors.guarded("cogov-x", check)
    lines = capsys.readouterr().err.splitlines()
    assert stop.value.code == code and lines == [f"cogov-x: error: {err}"]


def test_guarded_check_that_passes_returns_its_value():
    assert errors.guarded("cogov-x", lambda: 7) == 7
