"""Output folders: a run needs a new or empty folder, a sweep may resume in its own."""

import pytest

from scenarios.errors import OutputError
from scenarios.folders import check_output_dir


def test_run_needs_an_empty_folder_a_sweep_may_resume_in_a_used_one(tmp_path):
    check_output_dir(tmp_path / "new" / "run", "hydra.run.dir", 1, fresh=True)
    (tmp_path / "job.txt").write_text("x")
    check_output_dir(tmp_path, "hydra.sweep.dir", 1, fresh=False)
    with pytest.raises(OutputError, match="hydra.run.dir"):
        check_output_dir(tmp_path, "hydra.run.dir", 1, fresh=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.txt"]  # no probe left behind
