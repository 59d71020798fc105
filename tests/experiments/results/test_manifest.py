"""A job folder's manifest checked: its status is one of JobStatus, with a one-line problem saying why."""

from __future__ import annotations

import json

from experiments.results.manifest import MANIFEST, SUMMARY_TABLE, JobStatus, check_job, write_manifest

FINISHED = {"status": JobStatus.OK, "config_hash": "h", "seeds": [0], "error": "", "version": "1"}


def finished(folder, **changes):
    folder.mkdir(exist_ok=True)
    (folder / SUMMARY_TABLE).write_bytes(b"rows")
    write_manifest(folder, {**FINISHED, **changes}, [SUMMARY_TABLE])
    return folder


def test_check_job_of_a_finished_job_is_ok_without_a_problem(tmp_path):
    manifest, status, problem = check_job(finished(tmp_path / "0"), "h", "1")
    assert status == JobStatus.OK and problem == "" and manifest["seeds"] == [0]


def test_check_job_without_a_manifest_is_missing(tmp_path):
    assert check_job(tmp_path)[1:] == (JobStatus.MISSING, "missing: no manifest (interrupted or never ran)")


def test_check_job_with_an_altered_output_is_corrupt_naming_the_file(tmp_path):
    folder = finished(tmp_path / "0")
    (folder / SUMMARY_TABLE).write_bytes(b"other rows")
    _, status, problem = check_job(folder)
    assert status == JobStatus.CORRUPT and problem.startswith(f"corrupt: {SUMMARY_TABLE} does not match")


def test_check_job_of_another_config_or_version_is_stale(tmp_path):
    folder = finished(tmp_path / "0")
    assert check_job(folder, "other")[1] == JobStatus.STALE
    assert check_job(folder, "h", "2")[1] == JobStatus.STALE


def test_check_job_of_a_failed_job_is_failed_with_its_error(tmp_path):
    folder = finished(tmp_path / "0", status=JobStatus.FAILED, error="1 seed(s) failed")
    assert check_job(folder)[1:] == (JobStatus.FAILED, "failed: 1 seed(s) failed")


def test_status_is_written_to_the_manifest_as_plain_text(tmp_path):
    folder = finished(tmp_path / "0", status=JobStatus.FAILED)
    assert json.loads((folder / MANIFEST).read_text())["status"] == "failed"
