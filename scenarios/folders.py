"""Output folders: checked before anything runs, so that a run never fails at its end for lack of room."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from scenarios.errors import OutputError, one_line


def check_output_dir(folder: Path, key: str, need: int, *, fresh: bool) -> None:
    """Check, before anything runs, that ``folder`` can take ``need`` bytes of outputs.

    Parameters
    ----------
    folder : pathlib.Path
        The output folder (it may not exist yet).
    key : str
        The config key that chose it (named in the error).
    need : int
        Bytes the outputs will take (an estimate).
    fresh : bool
        Whether the folder must be new or empty (a run; a sweep folder may hold jobs to resume).

    Raises
    ------
    OutputError
        If the folder is the current one, is a file, is a non-empty run folder, cannot be created
        or written, or its disk has less than ``need`` bytes free.
    """
    text = str(folder)
    if folder.resolve() == Path.cwd().resolve():
        raise OutputError(key, text, "a folder of its own, not the current folder")
    if folder.exists() and (not folder.is_dir() or (fresh and any(folder.iterdir()))):
        raise OutputError(key, text, "a new or empty folder (two runs into one folder would lose one)")
    existing = next(p for p in [folder, *folder.parents] if p.exists())
    try:
        if not existing.is_dir():
            raise OSError(errno.ENOTDIR, f"{existing} is a file")
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".cogov-probe-")
        os.close(fd)
        os.unlink(probe)
        free = shutil.disk_usage(existing).free
    except OSError as err:
        raise OutputError(key, text, f"a writable folder ({one_line(err)})") from None
    if free < need:
        raise OutputError(
            key, text, f"a disk with {need / 2**20:.1f} MiB free ({free / 2**20:.1f} MiB there)"
        )
