"""The master's Audit sheet: one row per change, each chained by hash to the one before."""

from __future__ import annotations

AUDIT_SHEET = "Audit"

# (column title, width); the order is the order of the sheet's columns.
AUDIT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("When", 20),
    ("Round", 12),
    ("Return id", 24),
    ("Owner", 26),
    ("Ref", 8),
    ("Field", 14),
    ("Old value", 40),
    ("New value", 40),
    ("Outcome", 14),
    ("Reason", 40),
    ("Source file", 28),
    ("Source SHA-256", 20),
    ("Row hash", 20),
)
