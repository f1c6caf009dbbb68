"""Writes of the site app that belong to no single capability (the keys' fingerprints)."""
