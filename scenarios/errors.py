"""Exit codes and one-line errors of the command-line tools, in one place that imports no Hydra.

A tool that refuses its input prints one line on stderr, ``<tool>: error: <what is wrong>``, and
exits with the code of the kind of problem (:func:`fail`, :func:`stop`): a bad key, value, file or
option is :data:`EXIT_BAD_INPUT`, an output location that cannot take the outputs
:data:`EXIT_IO`, a run that would not fit in memory :data:`EXIT_RESOURCES`, a sweep that finished
with failed jobs :data:`EXIT_FAILED_JOBS` (one stopped by Ctrl+C: :data:`EXIT_STOPPED`). The
checks themselves raise a one-line :class:`~sim.validate.ConfigError` (:class:`OutputError` for
an output location); :func:`guarded` turns one into the tool's line and exit code. Tools that only
read results import this module without loading Hydra, OmegaConf or the model.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn

from sim.memory import ResourceError
from sim.validate import ConfigError

EXIT_FAILED_JOBS = 1
"""Exit code of a sweep that finished with failed jobs."""
EXIT_BAD_INPUT = 2
"""Exit code of a bad key, value, file or command-line option."""
EXIT_IO = 3
"""Exit code of an output location that is missing, not writable or too full."""
EXIT_RESOURCES = 4
"""Exit code of a run that would not fit in the memory available."""
EXIT_STOPPED = 130
"""Exit code of a sweep stopped by Ctrl+C or SIGTERM (128 + SIGINT, as a shell reports Ctrl+C)."""


class OutputError(ConfigError):
    """An output location that cannot take the outputs (missing, not writable, a file, or full)."""


def one_line(err: BaseException) -> str:
    """First line of an error's message (the rest of Hydra's or YAML's messages is context).

    Examples
    --------
    >>> one_line(ValueError(" bad value ")), one_line(KeyError())
    ('bad value', 'KeyError')
    """
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def stop(tool: str, message: str, code: int) -> NoReturn:
    """Print ``<tool>: error: <message>`` on stderr and exit with ``code``."""
    print(f"{tool}: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def fail(tool: str, err: ConfigError) -> NoReturn:
    """Print ``<tool>: error: <err>`` on stderr and exit with the code of the error's kind."""
    if isinstance(err, ResourceError):
        stop(tool, str(err), EXIT_RESOURCES)
    stop(tool, str(err), EXIT_IO if isinstance(err, OutputError) else EXIT_BAD_INPUT)


def guarded(tool: str, check: Callable[[], Any]) -> Any:
    """Call ``check()``; a :class:`ConfigError` ends the tool with one line and its exit code."""
    try:
        return check()
    except ConfigError as err:
        fail(tool, err)
