"""Progress of a running sweep, read from the job manifests on disk (works with every launcher).

Jobs may run in other processes or on other hosts (joblib, submitit, Ray), so the only shared
state is the sweep folder: a background thread polls the manifests of the planned jobs and shows
done / failed / remaining with the elapsed and expected time (tqdm).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from tqdm import tqdm

from experiments.results.manifest import MANIFEST, JobStatus


def job_status(folder: Path, since: float) -> JobStatus:
    """``OK``, ``FAILED`` (a manifest written after ``since``) or ``PENDING``."""
    path = folder / MANIFEST
    try:
        status = json.loads(path.read_text()).get("status")
        fresh = path.stat().st_mtime >= since
    except (OSError, ValueError):
        return JobStatus.PENDING
    if status == JobStatus.OK:
        return JobStatus.OK
    return JobStatus.FAILED if fresh else JobStatus.PENDING  # an old failure is run again


class Progress:
    """Poll the manifests of ``folders`` every ``interval`` seconds and draw a progress bar.

    Parameters
    ----------
    folders : list of pathlib.Path
        The planned job folders.
    interval : float
        Seconds between polls.
    """

    def __init__(self, folders: list[Path], interval: float = 0.5) -> None:
        self.folders = folders
        self.interval = interval
        self.start = time.time()
        self.status = {f: job_status(f, self.start) for f in folders}
        self.resumed = sum(s == JobStatus.OK for s in self.status.values())
        self._stop = threading.Event()
        self._bar = tqdm(
            total=len(folders), initial=self.resumed, desc="cogov-sweep", unit="job", smoothing=0
        )
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def counts(self) -> dict[str, int]:
        """Jobs ``ok`` (including resumed), ``failed``, ``remaining`` and ``resumed``."""
        ok = sum(s == JobStatus.OK for s in self.status.values())
        failed = sum(s == JobStatus.FAILED for s in self.status.values())
        return {
            "ok": ok,
            "failed": failed,
            "remaining": len(self.folders) - ok - failed,
            "resumed": self.resumed,
        }

    def poll(self) -> None:
        """Re-read the manifests of jobs not yet finished and update the bar."""
        for folder, status in self.status.items():
            if status == JobStatus.PENDING:
                self.status[folder] = job_status(folder, self.start)
        c = self.counts()
        self._bar.n = c["ok"] + c["failed"]
        self._bar.set_postfix(ok=c["ok"], failed=c["failed"], remaining=c["remaining"], resumed=c["resumed"])

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()

    def close(self) -> str:
        """Stop polling; return a one-line summary of the sweep."""
        self._stop.set()
        self._thread.join()
        self.poll()
        self._bar.close()
        c = self.counts()
        return (
            f"{len(self.folders)} jobs: {c['ok']} ok ({c['resumed']} resumed), {c['failed']} failed, "
            f"{c['remaining']} not finished; {time.time() - self.start:.1f} s"
        )
