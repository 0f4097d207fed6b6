"""pydantic models of schemas, trackers, problems and results; no I/O."""
