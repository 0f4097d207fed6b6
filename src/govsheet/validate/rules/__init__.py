"""The validator's rules. Each module's ``check(ctx)`` yields the Problems it finds."""
