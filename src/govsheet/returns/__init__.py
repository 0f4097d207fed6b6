"""Returns: the per-owner workbooks that officers fill in, and what govsheet records in them."""
