"""Agent kinds of the cogov model (Mesa agents whose hot state lives in the model's arrays)."""

from agents.resident import Resident

__all__ = ["Resident"]
