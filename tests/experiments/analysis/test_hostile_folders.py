"""Hostile received folders: cogov-report reads them as plain data and writes only its own report.

A sweep folder someone sends can hold any ``plan.json``, ``manifest.json``, ``multirun.yaml``,
Parquet table, name or link. Whatever it holds, ``cogov-report`` either writes its report into the
report folder (nothing else changes) or stops with one line naming the file, exit code 2, and no
report folder, half-written or otherwise.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from experiments.analysis import render, report
from experiments.results.collect import PLAN, collect
from experiments.results.manifest import MANIFEST, SUMMARY_TABLE, TIMESERIES_TABLE, write_manifest

EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DESIGN = {
    "method": "morris",
    "n": 2,
    "levels": 4,
    "seed": 1,
    "parameters": {"participation.threshold": [0.1, 0.3]},
}
"""A Morris design of 4 sample rows (2 trajectories of 1 parameter)."""
EVIL = "../../evil"
"""A metric column whose name is a path out of the report folder."""
SECRET = "cogov-hostile-secret-value"


def add_job(sweep: Path, num: int, rows: pd.DataFrame, **manifest: object) -> None:
    folder = sweep / str(num)
    folder.mkdir(parents=True)
    rows.to_parquet(folder / SUMMARY_TABLE, index=False)
    base = {"sweep": "t", "status": "ok", "config_hash": f"h{num}", "seeds": [0], "params": {}}
    base["version"] = sim.__version__
    write_manifest(folder, {**base, **manifest}, [SUMMARY_TABLE])


def fake_sweep(root: Path, *, design: bool = False) -> Path:
    """A finished sweep of 4 jobs (a sensitivity design if asked) with a metric named :data:`EVIL`."""
    sweep = root / "sweep"
    for num in range(4):
        rows = pd.DataFrame(
            {"seed": [0], "scenario": ["urban_baseline"], "active_share": [0.1 * num], EVIL: [1.0 * num]}
        )
        extra = {"params": {"sweep.sample": num}, "sensitivity": DESIGN} if design else {}
        add_job(sweep, num, rows.assign(**{"sweep.sample": num}) if design else rows, **extra)
    (sweep / PLAN).write_text(json.dumps({"jobs": [{"num": n} for n in range(4)]}))
    (sweep / "multirun.yaml").write_text("sweep:\n  name: t\n  seeds: [0]\n")
    return sweep


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def report_main(args: list[str], capsys) -> tuple[int, list[str]]:
    try:
        report.main(args)
    except SystemExit as stop:
        return int(stop.code or 0), capsys.readouterr().err.strip().splitlines()
    return 0, capsys.readouterr().err.strip().splitlines()


# --- names and links in a received folder -------------------------------------------------------------


def test_report_metric_named_like_a_path_writes_only_inside_the_report(tmp_path, capsys):
    sweep = fake_sweep(tmp_path, design=True)
    before = snapshot(tmp_path)
    code, err = report_main([str(sweep), "--metrics", f"active_share,{EVIL}"], capsys)
    assert code == 0, err
    changed = {p for p, data in snapshot(tmp_path).items() if before.get(p) != data}
    assert changed and all(p.is_relative_to(sweep / "report") for p in changed)
    assert not (tmp_path / "evil.csv").exists() and not (tmp_path / "evil.png").exists()
    assert len(list((sweep / "report").glob("sensitivity_*.csv"))) == 2
    assert len(list((sweep / "report" / "figures").glob("sensitivity_*.png"))) == 2


def test_report_folder_that_is_a_link_exits_2_and_the_target_is_untouched(tmp_path, capsys):
    sweep = fake_sweep(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "results.parquet").write_bytes(b"precious")
    (sweep / "report").symlink_to(elsewhere)
    code, err = report_main([str(sweep)], capsys)
    assert code == 2 and len(err) == 1 and "link" in err[0]
    assert (elsewhere / "results.parquet").read_bytes() == b"precious"
    assert [p.name for p in elsewhere.iterdir()] == ["results.parquet"]


def test_report_scenario_name_that_is_markup_makes_the_job_corrupt(tmp_path, capsys):
    sweep = fake_sweep(tmp_path)
    rows = pd.DataFrame({"seed": [1], "scenario": ["<img src=x onerror=alert(1)>"], "active_share": [0.2]})
    add_job(sweep, 4, rows)
    (sweep / PLAN).write_text(json.dumps({"jobs": [{"num": n} for n in range(5)]}))
    code, _ = report_main([str(sweep)], capsys)
    runs = pd.read_parquet(sweep / "report" / "runs.parquet").set_index("job")
    assert code == 0 and runs.loc[4, "status"] == "corrupt"
    assert "onerror" not in (sweep / "report" / "report.html").read_text()


def test_report_rerun_replaces_the_old_report_whole(tmp_path, capsys):
    sweep = fake_sweep(tmp_path)
    (sweep / "report").mkdir()
    (sweep / "report" / "stale.txt").write_text("old")
    assert report_main([str(sweep)], capsys)[0] == 0
    assert (sweep / "report" / "report.html").is_file() and not (sweep / "report" / "stale.txt").exists()
    assert [p.name for p in sweep.iterdir() if p.name.startswith(".")] == []


# --- received files as plain data ---------------------------------------------------------------------

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
MULTIRUN = {
    "alias_bomb": ALIAS_BOMB,
    "python_tag": "sweep: !!python/object/apply:os.system ['true']\n",
    "inf_seed": "sweep: {seeds: [.inf]}\n",
    "huge_seed": "sweep: {seeds: [18446744073709551616]}\n",
    "negative_seed": "sweep: {seeds: [-1]}\n",
    "text_seeds": "sweep: {seeds: '${oc.env:HOME}'}\n",
    "deep": "sweep: " + "[" * 3000 + "]" * 3000 + "\n",
    "not_yaml": "sweep: [unclosed\n",
    "a_list": "- 1\n- 2\n",
}
PLANS = {
    "e400": '{"jobs": [{"num": 1e400}]}',
    "nan": '{"jobs": [{"num": NaN}]}',
    "deep": '{"jobs": ' + "[" * 3000 + "]" * 3000 + "}",
    "deep_under_the_recursion_limit": '{"jobs": ' + "[" * 200 + "]" * 200 + "}",
    "huge_int": '{"jobs": [{"num": 1' + "0" * 30 + "}]}",
    "negative_job": '{"jobs": [{"num": -1}]}',
}


@pytest.mark.parametrize("name", MULTIRUN)
def test_report_hostile_multirun_yaml_is_one_line_naming_it_and_no_report(tmp_path, capsys, name):
    sweep = fake_sweep(tmp_path)
    (sweep / "multirun.yaml").write_text(MULTIRUN[name])
    tic = time.perf_counter()
    code, err = report_main([str(sweep)], capsys)
    assert time.perf_counter() - tic < 30
    assert code == 2 and len(err) == 1 and "multirun.yaml" in err[0], err
    assert not (sweep / "report").exists()


def test_report_env_interpolation_in_multirun_yaml_is_never_resolved(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COGOV_HOSTILE_SECRET", SECRET)
    sweep = fake_sweep(tmp_path, design=True)
    (sweep / "multirun.yaml").write_text(
        "sweep: {name: '${oc.env:COGOV_HOSTILE_SECRET}', seeds: [0]}\n"
        "sensitivity: {method: '${oc.env:COGOV_HOSTILE_SECRET}', n: '${oc.env:UNSET_COGOV_VARIABLE}'}\n"
    )
    code, err = report_main([str(sweep)], capsys)
    assert code == 0, err
    assert all(SECRET not in p.read_text(errors="replace") for p in (sweep / "report").rglob("*.*"))


@pytest.mark.parametrize("name", PLANS)
def test_report_hostile_plan_is_one_line_naming_it_and_no_report(tmp_path, capsys, name):
    sweep = fake_sweep(tmp_path)
    (sweep / PLAN).write_text(PLANS[name])
    code, err = report_main([str(sweep)], capsys)
    assert code == 2 and len(err) == 1 and PLAN in err[0], err
    assert not (sweep / "report").exists()


@pytest.mark.parametrize(
    "text",
    [
        '{"status": "ok", "config_hash": "", "seeds": [0], "files": {}, "params": ' + "[" * 3000 + "]" * 3000,
        '{"status": "ok", "config_hash": "", "seeds": [1e400], "files": {}}',
        '{"status": "ok", "config_hash": "", "seeds": [0], "files": {}, "params": {"a": {"b": {"c": NaN}}}}',
        '{"status": "ok", "config_hash": "", "seeds": [99999999999999999999], "files": {}}',
    ],
)
def test_report_hostile_manifest_makes_its_job_corrupt(tmp_path, capsys, text):
    sweep = fake_sweep(tmp_path)
    (sweep / "1" / MANIFEST).write_text(text)
    assert report_main([str(sweep)], capsys)[0] == 0
    runs = pd.read_parquet(sweep / "report" / "runs.parquet").set_index("job")
    assert runs.loc[1, "status"] == "corrupt" and runs.loc[0, "status"] == "ok"


@pytest.mark.parametrize("content", [b"not parquet", pd.DataFrame({"x": [1]}).to_parquet()])
def test_report_unreadable_or_columnless_timeseries_is_one_line_and_no_report(tmp_path, capsys, content):
    sweep = fake_sweep(tmp_path)
    folder = sweep / "0"
    (folder / TIMESERIES_TABLE).write_bytes(content)
    manifest = json.loads((folder / MANIFEST).read_text())
    write_manifest(folder, manifest, [SUMMARY_TABLE, TIMESERIES_TABLE])
    code, err = report_main([str(sweep)], capsys)
    assert code == 2 and len(err) == 1 and TIMESERIES_TABLE in err[0], err
    assert not (sweep / "report").exists() and not list(sweep.glob(".report*"))


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
"""Any JSON scalar (NaN and infinities included: json.dumps writes them)."""
JOBS = (
    st.lists(st.dictionaries(st.sampled_from(["num", "overrides"]), SCALARS) | SCALARS, max_size=5) | SCALARS
)
"""What a plan's ``jobs`` may hold: job entries with any number (or none), or anything else."""


@EXAMPLES
@given(plan=JOBS)
def test_property_any_plan_is_read_or_refused_in_one_line(tmp_path, plan):
    sweep = tmp_path / "sweep"
    if not sweep.exists():
        fake_sweep(tmp_path)
    (sweep / PLAN).write_text(json.dumps({"jobs": plan}))
    try:
        coll = collect([sweep])
    except ValueError as err:
        assert "\n" not in str(err) and PLAN in str(err)
        return
    assert len(coll.runs) >= 1


# --- pages ------------------------------------------------------------------------------------------------

HOSTILE_TEXT = st.text(max_size=80) | st.sampled_from(
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](\x01javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](//elsewhere.example/x)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
    ]
)


@EXAMPLES
@given(title=HOSTILE_TEXT, text=HOSTILE_TEXT, headline=HOSTILE_TEXT)
def test_property_page_of_any_text_has_no_markup_but_its_own_and_only_safe_links(title, text, headline):
    page = render.to_html([render.Section(title, text, headline=headline)], title)
    body = page.split("<body>", 1)[1]
    assert "<script" not in page.lower() and "<img" not in body
    hrefs = [part.split("'", 1)[0] for part in body.split("<a href='")[1:]]
    assert all(render.safe_target(h.replace("&amp;", "&")) for h in hrefs)
    assert "Content-Security-Policy" in page and "script-src" not in page


def test_page_declares_a_policy_that_forbids_script():
    page = render.to_html([render.Section("t", "see [report](report/report.html)")], "t")
    assert f'content="{render.POLICY}"' in page and "default-src 'none'" in render.POLICY
    assert "<a href='report/report.html'>report</a>" in page


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.text(max_size=12) | st.sampled_from(["seed", "job", "sweep", "step"]), SCALARS | st.lists(SCALARS)
    ),
    sweep=SCALARS | st.lists(SCALARS, max_size=3),
)
def test_property_any_manifest_params_make_a_report_or_a_corrupt_job(tmp_path, capsys, params, sweep):
    root = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh folder per example
    folder = fake_sweep(root) / "0"
    manifest = json.loads((folder / MANIFEST).read_text())
    write_manifest(folder, {**manifest, "params": params, "sweep": sweep}, [SUMMARY_TABLE])
    code, err = report_main([str(folder.parent)], capsys)
    assert code == 0 or (code == 2 and len(err) == 1), err
    assert code != 0 or (folder.parent / "report" / "report.html").is_file()
