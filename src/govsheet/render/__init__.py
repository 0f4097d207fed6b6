"""Committee outputs: one CommitteeTable (table.py) drawn as xlsx, HTML or Word."""
