"""Snapshot files: a burnt-in model saved as plain data (arrays and JSON), restored without running code.

:func:`save` writes a model built with ``onset=False`` (at the end of its burn-in) to one ``.npz``
file: every array of the model as an array of the archive, everything else (numbers, strings,
configuration, random streams' states, the project's own objects and which of them are shared) as one
JSON document in it. :func:`load` rebuilds the model from those: arrays are read with
``allow_pickle=False`` and objects are only of the project's own classes (modules ``sim.*``), filled
in field by field, so a file someone sends can never make the tools run code that is not the project's
(a pickle would run whatever the file names). The loaded model starts like the saved one
(:meth:`~sim.model.CommunityModel.start`, :func:`sim.snapshot.fork`), bit-identical to a run from
scratch: every scenario can start from the same burnt-in community.

Examples
--------
>>> import tempfile, pathlib, sim
>>> small = ["community.residents=300", "burn_in=30", "steps=10"]
>>> burnt = sim.CommunityModel(sim.load_config("urban_baseline", small), onset=False)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "community.npz"
>>> save(burnt, path)
>>> forum = sim.load_config("deliberation", small)
>>> restored = load(path)
>>> restored.start(forum)
>>> restored.run()
>>> restored.timeseries().equals(sim.simulate(forum).timeseries)
True
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import math
import os
import zipfile
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import scipy.sparse as sp

from sim.metrics import FINAL_METRICS, METRICS, recorded
from sim.model import CommunityModel
from sim.params import Config
from sim.validate import validate
from sim.version import __version__

FORMAT = "cogov-snapshot-1"
DOCUMENT = "snapshot.json"
DERIVED = ("_series", "_finals")
"""Model attributes rebuilt on load (the metric functions its mechanisms record)."""
PACKAGES = ("sim.",)
"""Modules whose classes a snapshot may name."""
BIT_GENERATORS = {"PCG64": np.random.PCG64}


class SnapshotError(ValueError):
    """A file that is not a snapshot this version of cogov can restore (one line: the path and why)."""


def save(model: CommunityModel, path: str | Path) -> None:
    """Write ``model``, at the end of its burn-in, to the snapshot file ``path`` (whole or not at all).

    Raises
    ------
    ValueError
        If the model has started (only burnt-in models built with ``onset=False`` are saved).
    """
    if model.started:
        raise ValueError("only a model at the end of its burn-in is saved (build it with onset=False)")
    encoder = _Encoder()
    document = {"format": FORMAT, "version": __version__, "model": encoder.encode(_fields(model))}
    arrays = {f"a{k}": a for k, a in enumerate(encoder.arrays)}
    arrays[DOCUMENT] = np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            np.savez_compressed(out, allow_pickle=False, **arrays)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def load(path: str | Path) -> CommunityModel:
    """The model saved in the snapshot file ``path``, at the end of its burn-in (not started).

    Raises
    ------
    SnapshotError
        For a file that is missing, not a snapshot, of another version, or naming what is not the project's.
    """
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            document = json.loads(bytes(archive[DOCUMENT]).decode())
            arrays = [archive[f"a{k}"] for k in range(len(archive.files) - 1)]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, UnicodeDecodeError, RecursionError) as err:
        raise SnapshotError(f"{path}: not a cogov snapshot file ({_line(err)})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError(f"{path}: not a cogov snapshot file (format: {FORMAT})")
    if document.get("version") != __version__:
        raise SnapshotError(
            f"{path}: saved by cogov {document.get('version')!r}; this is {__version__} (save it again)"
        )
    try:
        fields = _Decoder(arrays).decode(document["model"])
        if not isinstance(fields, dict) or not isinstance(fields.get("cfg"), Config):
            raise TypeError("no configuration")
        validate(fields["cfg"])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ImportError, RecursionError) as err:
        raise SnapshotError(f"{path}: not a cogov snapshot file ({_line(err)})") from None
    model = CommunityModel.__new__(CommunityModel)
    mesa.Model.__init__(model, rng=fields["streams"].python_seed("mesa"))
    for key, value in fields.items():
        setattr(model, key, value)
    model._series = recorded(METRICS, model.mechanisms)
    model._finals = recorded(FINAL_METRICS, model.mechanisms)
    return model


def _fields(model: CommunityModel) -> dict[str, Any]:
    """The model's own attributes, which a snapshot holds: not Mesa's, not those rebuilt on load."""
    mesa_keys = set(vars(mesa.Model()))
    return {k: v for k, v in vars(model).items() if k not in mesa_keys and k not in DERIVED}


def _line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


class _Encoder:
    """Plain data of an object graph: arrays apart, the project's objects by class and fields, shared once."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self._array_ids: dict[int, int] = {}
        self._object_ids: dict[int, int] = {}
        self._keep: list[Any] = []  # keeps encoded objects alive, so that their ids stay theirs

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | str):
            return value
        if isinstance(value, enum.Enum):
            return {"enum": _name_of(type(value)), "v": value.value}
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {"float": repr(value)}
        if isinstance(value, np.ndarray):
            return {"array": self._array(value)}
        if isinstance(value, np.generic):
            return {"scalar": value.dtype.str, "v": self.encode(value.item())}
        if isinstance(value, tuple):
            return {"tuple": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return {"list": [self.encode(v) for v in value]}
        if isinstance(value, frozenset | set):
            kind = "frozenset" if isinstance(value, frozenset) else "set"
            return {kind: [self.encode(v) for v in sorted(value, key=repr)]}
        if isinstance(value, dict):
            return {"dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, sp.csr_array):
            parts = [self._array(value.data), self._array(value.indices), self._array(value.indptr)]
            return {"csr": parts, "shape": list(value.shape)}
        if isinstance(value, np.random.Generator):
            return {
                "generator": type(value.bit_generator).__name__,
                "state": self.encode(value.bit_generator.state),
            }
        return self._object(value)

    def _array(self, array: np.ndarray) -> int:
        if array.dtype.hasobject:
            raise TypeError(f"an array of objects ({array.dtype}) cannot be saved as plain data")
        if id(array) not in self._array_ids:
            self._array_ids[id(array)] = len(self.arrays)
            self.arrays.append(array)
            self._keep.append(array)
        return self._array_ids[id(array)]

    def _object(self, value: Any) -> Any:
        cls = type(value)
        if not cls.__module__.startswith(PACKAGES) or not hasattr(value, "__dict__"):
            raise TypeError(
                f"{_name_of(cls)} is not an object of the model's own (cannot be saved as plain data)"
            )
        if id(value) in self._object_ids:
            return {"ref": self._object_ids[id(value)]}
        key = self._object_ids[id(value)] = len(self._object_ids)
        self._keep.append(value)
        return {
            "object": _name_of(cls),
            "id": key,
            "fields": {k: self.encode(v) for k, v in vars(value).items()},
        }


class _Decoder:
    """The object graph of :class:`_Encoder`'s data: only the project's classes, filled field by field."""

    def __init__(self, arrays: list[np.ndarray]) -> None:
        self.arrays = arrays
        self._objects: dict[int, Any] = {}

    def decode(self, data: Any) -> Any:
        if data is None or isinstance(data, bool | int | float | str):
            return data
        if isinstance(data, list):
            raise TypeError("a bare list")
        (kind, payload), *rest = data.items()
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            raise TypeError(f"unknown entry {kind!r}")
        return handler(payload, dict(rest))

    def _enum(self, name: str, rest: dict) -> Any:
        cls = _class(name)
        if not issubclass(cls, enum.Enum):
            raise TypeError(f"{name} is not an enumeration")
        return cls(rest["v"])

    def _float(self, text: str, rest: dict) -> float:
        if text not in ("nan", "inf", "-inf"):
            raise ValueError(f"float {text!r}")
        return float(text)

    def _array(self, index: int, rest: dict) -> np.ndarray:
        return self.arrays[index]

    def _scalar(self, dtype: str, rest: dict) -> np.generic:
        return np.dtype(dtype).type(self.decode(rest["v"]))

    def _tuple(self, items: list, rest: dict) -> tuple:
        return tuple(self.decode(v) for v in items)

    def _list(self, items: list, rest: dict) -> list:
        return [self.decode(v) for v in items]

    def _frozenset(self, items: list, rest: dict) -> frozenset:
        return frozenset(self.decode(v) for v in items)

    def _set(self, items: list, rest: dict) -> set:
        return {self.decode(v) for v in items}

    def _dict(self, items: list, rest: dict) -> dict:
        return {self.decode(k): self.decode(v) for k, v in items}

    def _csr(self, parts: list, rest: dict) -> sp.csr_array:
        data, indices, indptr = (self.arrays[k] for k in parts)
        return sp.csr_array((data, indices, indptr), shape=tuple(rest["shape"]))

    def _generator(self, name: str, rest: dict) -> np.random.Generator:
        if name not in BIT_GENERATORS:
            raise TypeError(f"bit generator {name!r}")
        bits = BIT_GENERATORS[name]()
        bits.state = self.decode(rest["state"])
        return np.random.Generator(bits)

    def _ref(self, key: int, rest: dict) -> Any:
        return self._objects[key]

    def _object(self, name: str, rest: dict) -> Any:
        cls = _class(name)
        value: Any = object.__new__(cls)
        self._objects[int(rest["id"])] = value
        for field, data in rest["fields"].items():
            object.__setattr__(value, str(field), self.decode(data))
        if dataclasses.is_dataclass(cls) and {f.name for f in dataclasses.fields(cls)} - set(vars(value)):
            raise TypeError(f"{name} without all its fields")
        return value


def _name_of(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _class(name: str) -> type:
    """The project's class ``module:qualname`` (a module of :data:`PACKAGES` only, a class only)."""
    module, _, qualname = str(name).partition(":")
    if not module.startswith(PACKAGES) or not qualname.isidentifier():
        raise TypeError(f"{name!r} is not a class of the model's own")
    cls = getattr(importlib.import_module(module), qualname, None)
    if not isinstance(cls, type):
        raise TypeError(f"{name!r} is not a class of the model's own")
    return cls
