"""Every registered metric is documented in docs/METRICS.md (adding one without docs fails)."""

from pathlib import Path

import sim.model  # noqa: F401  (imports every module that registers metrics)
from sim import metrics

METRICS_MD = Path(__file__).resolve().parents[2] / "docs" / "METRICS.md"


def test_every_registered_metric_is_documented():
    text = METRICS_MD.read_text(encoding="utf-8")
    registered = [*metrics.METRICS, *getattr(metrics, "FINAL_METRICS", {})]  # summary-only ones too
    missing = [name for name in registered if f"`{name}`" not in text]
    assert not missing, f"document these metrics (name and formula) in docs/METRICS.md: {missing}"
