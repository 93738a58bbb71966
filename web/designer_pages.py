"""Part of the designer (web/designer.py)."""
