"""govsheet's version, in a module of its own so that code low in the package can name it
without importing the package's public face (kept in step with ``version`` in pyproject.toml)."""

__version__ = "0.1.0"
