"""Merge: fold returns into the master, three ways, cell by cell (align -> decide -> apply)."""
