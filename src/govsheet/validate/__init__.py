"""The validator: rules over a tracker or a return, findings located at the cell to fix.

``engine.validate_workbook`` runs every rule of ``rules/`` and returns a
``report.ValidationReport``; ``annotate.annotate`` writes a highlighted copy.
"""
