"""Grassroots: party-led grassroots governance (党建引领基层治理)."""

__version__ = "0.1.0"
