"""Trackers to and from workbooks: read (calamine), write (XlsxWriter), the metadata sheet."""
