"""Mechanisms: short verbs over arrays, each with an explicit daily context (never the model)."""
