"""Named random streams from one seed.

Every mechanism draws from its own numpy Generator, derived from the run's seed and the
mechanism's name through ``numpy.random.SeedSequence``. Switching one channel on therefore does not
shift the draws of any other mechanism: scenarios that share a seed share their community and
their other random events (common random numbers).
"""

from __future__ import annotations

import zlib

import numpy as np


class RandomStreams:
    """Independent, reproducible Generators keyed by name.

    Parameters
    ----------
    seed : int
        The run's seed (a non-negative integer).

    Examples
    --------
    >>> streams = RandomStreams(7)
    >>> a = streams.get("network").random()
    >>> a == RandomStreams(7).get("network").random()
    True
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def get(self, name: str) -> np.random.Generator:
        """Return the Generator for ``name`` (created on first use, then reused)."""
        if name not in self._streams:
            key = zlib.crc32(name.encode("utf-8"))
            seq = np.random.SeedSequence(self.seed, spawn_key=(key,))
            self._streams[name] = np.random.Generator(np.random.PCG64(seq))
        return self._streams[name]

    def python_seed(self, name: str) -> int:
        """Return a Python ``int`` seed for libraries that want one (Mesa, ``random.Random``)."""
        key = zlib.crc32(name.encode("utf-8"))
        return int(np.random.SeedSequence(self.seed, spawn_key=(key,)).generate_state(1)[0])
