"""The master's lock, shared by every writer: see :mod:`govsheet.workbook.lock`."""

from govsheet.workbook.lock import lock_path, master_lock

__all__ = ["lock_path", "master_lock"]
