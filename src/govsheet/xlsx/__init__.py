"""OOXML packages: safe opening, cells, and surgical in-place edits. Knows nothing of trackers."""
