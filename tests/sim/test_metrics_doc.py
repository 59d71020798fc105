"""Every metric column of a run is documented in docs/METRICS.md (adding one without docs fails)."""

import re
from pathlib import Path

import sim

METRICS_MD = Path(__file__).resolve().parents[2] / "docs" / "METRICS.md"
IDENTITY = ("scenario", "seed", "steps", "residents", "version", "step")
FAMILIES = (
    (r"_h\d\d$", "_hHH"),  # answered share by hour, documented once
    (
        r"^sense_[a-z]+_(owner|tenant|age18_34|age35_59|age60plus|digital|nondigital|party|nonparty)$",
        "sense_<s>_<group>",
    ),
    (
        r"^requests_(answered|dropped|answered_share)_(owner|tenant|age18_34|age35_59|age60plus|digital|nondigital|party|nonparty)$",
        r"requests_\1_<group>",
    ),
    (
        r"^mode_share_[a-z]+_(owner|tenant|age18_34|age35_59|age60plus|digital|nondigital|party|nonparty)$",
        "mode_share_<mode>_<group>",
    ),
    (r"^turned_away_share_[a-z_]+$", "turned_away_share_<channel>"),
    (r"^turned_away_[a-z_]+$", "turned_away_<channel>"),
    (
        r"^mode_share_[a-z]+$",
        "mode_share_<mode>",
    ),
    (
        r"^[a-z]+_share_(owner|tenant|age18_34|age35_59|age60plus|digital|nondigital|party|nonparty)$",
        "<level>_share_<group>",
    ),
)


def _documented(column: str, text: str) -> bool:
    names = [column, *(re.sub(pattern, token, column) for pattern, token in FAMILIES)]
    return any(f"`{name}`" in text for name in names)


def test_every_column_of_timeseries_and_summary_is_documented():
    text = METRICS_MD.read_text(encoding="utf-8")
    result = sim.simulate(sim.load_config("fengqiao", ["community.residents=300", "steps=3"]))
    columns = {*result.timeseries.columns, *result.summary} - set(IDENTITY)
    missing = sorted(c for c in columns if not _documented(c, text))
    assert not missing, f"document these metrics (name and formula) in docs/METRICS.md: {missing}"
