"""Instances, data elements and instance events in a SQL database (SQLite or PostgreSQL)."""
