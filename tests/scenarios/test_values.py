"""Value types: a key's value must have its field's type; an unknown key names the keys there are."""

import pytest

import sim
from scenarios.values import MODEL, check_value, locate_key


@pytest.mark.parametrize(("key", "value"), [("channels.forum.enabled", 2), ("steps", 1.5), ("steps", "???")])
def test_value_of_another_type_is_refused_naming_what_is_allowed(key, value):
    f, _ = locate_key(MODEL.root, key)
    with pytest.raises(sim.ConfigError) as info:
        check_value(key, value, f)
    assert info.value.key == key and "\n" not in str(info.value)


def test_value_of_the_fields_type_passes_and_an_unknown_key_lists_the_keys():
    f, default = locate_key(MODEL.root, "community.residents")
    check_value("community.residents", 500, f)
    assert default == sim.Config().community.residents
    with pytest.raises(sim.ConfigError, match="residents"):
        locate_key(MODEL.root, "community.residentz")
