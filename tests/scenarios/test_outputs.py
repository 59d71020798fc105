"""Atomic writing of a finished run (scenarios.outputs)."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scenarios.outputs import (
    CONFIG,
    DASHBOARD,
    FIGURE,
    SUMMARY,
    TIMESERIES,
    save_run,
    write_atomic,
    write_folder_atomic,
)


class Boom(Exception):
    pass


def _strict_json(text: str):
    """Parse JSON that must not contain NaN or Infinity."""

    def refuse(token: str):
        raise ValueError(f"non-standard JSON constant {token}")

    return json.loads(text, parse_constant=refuse)


def _figure(path: Path) -> None:
    path.write_bytes(b"\x89PNG fake")


def _failing_figure(path: Path) -> None:
    path.write_bytes(b"half a png")
    raise Boom("figure failed")


def _timeseries() -> pd.DataFrame:
    return pd.DataFrame({"step": [0, 1, 2], "active_share": [0.1, 0.15, 0.2]})


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# ------------------------------------------------------------------ write_atomic
def test_write_atomic_success_leaves_only_the_final_file(tmp_path):
    target = tmp_path / "sub" / "a.txt"  # the folder is created
    write_atomic(target, lambda p: p.write_text("hello"))
    assert target.read_text() == "hello"
    assert _files(target.parent) == {"a.txt"}


def test_write_atomic_write_raises_leaves_no_partial_and_no_temp_file(tmp_path):
    target = tmp_path / "a.txt"

    def half(p: Path) -> None:
        p.write_text("half")
        raise Boom

    with pytest.raises(Boom):
        write_atomic(target, half)
    assert _files(tmp_path) == set()


def test_write_atomic_write_raises_keeps_the_previous_file_intact(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")

    def half(p: Path) -> None:
        p.write_text("new but broken")
        raise Boom

    with pytest.raises(Boom):
        write_atomic(target, half)
    assert target.read_text() == "old"
    assert _files(tmp_path) == {"a.txt"}


def test_write_atomic_interrupt_also_removes_the_temp_file(tmp_path):
    def interrupted(p: Path) -> None:
        p.write_text("x")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.txt", interrupted)
    assert _files(tmp_path) == set()


def test_write_atomic_replaces_an_existing_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    write_atomic(target, lambda p: p.write_text("new"))
    assert target.read_text() == "new" and _files(tmp_path) == {"a.txt"}


# ------------------------------------------------------------------ save_run
def test_save_run_writes_all_files_and_they_round_trip(tmp_path):
    ts = _timeseries()
    save_run(
        tmp_path, ts, {"active_share": 0.2, "seed": 1}, "seed: 1\n", {FIGURE: _figure, DASHBOARD: _figure}
    )
    assert _files(tmp_path) == {TIMESERIES, SUMMARY, CONFIG, FIGURE, DASHBOARD}
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / TIMESERIES), ts)
    assert (tmp_path / CONFIG).read_text() == "seed: 1\n"
    assert (tmp_path / FIGURE).read_bytes() == b"\x89PNG fake"
    assert _strict_json((tmp_path / SUMMARY).read_text()) == {"active_share": 0.2, "seed": 1}


def test_save_run_nan_becomes_null_and_json_is_strict(tmp_path):
    summary = {
        "hoa_formed_day": float("nan"),
        "numpy_nan": np.float64("nan"),
        "gini": np.float64(0.25),
        "steps": np.int64(30),
        "scenario": "urban_baseline",
    }
    save_run(tmp_path, _timeseries(), summary, "", {FIGURE: _figure})
    out = _strict_json((tmp_path / SUMMARY).read_text())
    assert out == {
        "hoa_formed_day": None,
        "numpy_nan": None,
        "gini": 0.25,
        "steps": 30,
        "scenario": "urban_baseline",
    }


def test_save_run_figure_raises_summary_absent_and_no_temp_files(tmp_path):
    with pytest.raises(Boom):
        save_run(
            tmp_path, _timeseries(), {"x": 1.0}, "seed: 1\n", {FIGURE: _figure, DASHBOARD: _failing_figure}
        )
    # written before the failing figure: time series, config, the first figure; never the summary
    # (the run is not finished)
    assert _files(tmp_path) == {TIMESERIES, CONFIG, FIGURE}


def test_save_run_unserialisable_summary_leaves_no_summary(tmp_path):
    with pytest.raises(TypeError):
        save_run(tmp_path, _timeseries(), {"bad": object()}, "", {FIGURE: _figure})
    assert SUMMARY not in _files(tmp_path)
    assert not any(name.startswith(".") for name in _files(tmp_path))


def test_save_run_infinity_is_refused_not_written(tmp_path):
    # JSON has no Infinity; allow_nan=False refuses it rather than writing invalid JSON
    with pytest.raises(ValueError):
        save_run(tmp_path, _timeseries(), {"ratio": math.inf}, "", {FIGURE: _figure})
    assert SUMMARY not in _files(tmp_path)


def test_save_run_float32_nan_becomes_null(tmp_path):
    save_run(tmp_path, _timeseries(), {"share": np.float32("nan")}, "", {FIGURE: _figure})
    assert _strict_json((tmp_path / SUMMARY).read_text()) == {"share": None}


def test_write_folder_atomic_replaces_an_old_folder_whole(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "old.txt").write_text("old")
    write_folder_atomic(out, lambda tmp: (tmp / "new.txt").write_text("new"))
    assert [p.name for p in out.iterdir()] == ["new.txt"] and [p.name for p in tmp_path.iterdir()] == [
        "report"
    ]


def test_write_folder_atomic_error_leaves_the_old_folder_and_no_temporary_one(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "old.txt").write_text("old")

    def half(tmp: Path) -> None:
        (tmp / "half.txt").write_text("half")
        raise RuntimeError("stopped half-way")

    with pytest.raises(RuntimeError):
        write_folder_atomic(out, half)
    assert [p.name for p in out.iterdir()] == ["old.txt"] and [p.name for p in tmp_path.iterdir()] == [
        "report"
    ]


def test_write_folder_atomic_never_writes_through_a_link(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "report").symlink_to(target)
    with pytest.raises(OSError, match="link"):
        write_folder_atomic(tmp_path / "report", lambda tmp: (tmp / "x").write_text("x"))
    assert not any(target.iterdir())
