"""Received files as plain data: read back as written, or refused in one line naming the file."""

from __future__ import annotations

import json
import math
import time

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from omegaconf._utils import get_yaml_loader

from scenarios.plain import MAX_DEPTH, MAX_INT, DataError, read

EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PLAIN = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_INT, MAX_INT)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=25,
)
ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=25,
)


@EXAMPLES
@given(value=PLAIN)
def test_property_plain_json_reads_back_as_written(tmp_path, value):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(value))
    assert read(path) == value


@EXAMPLES
@given(value=ANY)
@example(value="0E0")  # PyYAML writes it bare; OmegaConf's loader reads it as 0.0, as Hydra would
def test_property_any_yaml_reads_back_or_is_one_line_naming_the_file(tmp_path, value):
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(value))
    try:
        got = read(path)
    except DataError as err:
        assert "\n" not in str(err) and str(path) in str(err)
        return
    # read as Hydra reads a config (OmegaConf's loader: a bare 0E0 is a number there, unlike in PyYAML)
    hydra_reads = yaml.load(path.read_text(), Loader=get_yaml_loader())  # noqa: S506 (a safe loader)
    assert json.dumps(got, sort_keys=True) == json.dumps(hydra_reads, sort_keys=True)


@pytest.mark.parametrize(
    ("suffix", "text", "says"),
    [
        (".yaml", "a: &x [1]\nb: *x\n", "aliases"),
        (".yaml", "a: !!binary aGk=\n", "tag"),
        (".yaml", "a: !!python/name:os.system\n", "tag"),
        (".yaml", "a: .nan\n", "finite"),
        (".yaml", "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "deeper"),
        (".json", '{"a": Infinity}', "finite"),
        (".json", '{"a": 1e400}', "finite"),
        (".json", '{"a": ' + "[" * 5000 + "]" * 5000 + "}", "deep"),
        (".json", '{"a": 9223372036854775808}', "2\\^63-1"),
    ],
)
def test_read_what_is_not_plain_data_is_refused_naming_the_file(tmp_path, suffix, text, says):
    path = tmp_path / f"x{suffix}"
    path.write_text(text)
    with pytest.raises(DataError, match=says) as info:
        read(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_read_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    tic = time.perf_counter()
    with pytest.raises(DataError, match="aliases"):
        read(path)
    assert time.perf_counter() - tic < 1


def test_read_interpolation_stays_text(tmp_path, monkeypatch):
    monkeypatch.setenv("COGOV_PLAIN_SECRET", "s3cret")
    path = tmp_path / "x.yaml"
    path.write_text("a: ${oc.env:COGOV_PLAIN_SECRET}\nb: 1.5e3\n")
    assert read(path) == {"a": "${oc.env:COGOV_PLAIN_SECRET}", "b": 1500.0}
    assert not math.isnan(read(path)["b"])
