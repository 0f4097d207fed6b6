"""Decisions: the conflicts and rejected edits of a merge, settled by the governance team."""
