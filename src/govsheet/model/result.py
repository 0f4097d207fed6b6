"""Results that the library returns and the command line prints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Written(BaseModel):
    """A file a command wrote, with what it is for."""

    model_config = ConfigDict(frozen=True)

    path: str
    what: str
