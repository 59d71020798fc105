"""The README's Python API examples run as written."""

import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _python_api_examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_readme_python_api_cogov_fork_and_mesa_ways_run_and_agree(start_method, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the snapshot file the example writes
    examples = _python_api_examples()
    assert len(examples) == 3  # the cogov way, one burn-in for many scenarios, the Mesa way
    namespace: dict = {}
    for example in examples:
        exec(compile(example, str(ROOT / "README.md"), "exec"), namespace)
    model = namespace["model"]
    pd.testing.assert_frame_equal(namespace["table"], model.timeseries(), check_exact=True)
    assert len(namespace["residents"]) == 500
    runs = [(row["community.residents"], row["rng"], row["Step"]) for row in namespace["results"]]
    assert runs == [(500, 1, 30), (1000, 1, 30), (500, 2, 30), (1000, 2, 30)]
    assert [run.summary["scenario"] for run in namespace["runs"]] == ["urban_baseline", "fengqiao"]
    assert (namespace["forked"].cfg.scenario, namespace["forked"].day) == ("deliberation", 90)
    restored = namespace["restored"]
    assert (restored.cfg.scenario, restored.day) == ("fengqiao", 90)
    assert restored.timeseries().equals(namespace["runs"][1].timeseries)  # the same as fengqiao's own run
