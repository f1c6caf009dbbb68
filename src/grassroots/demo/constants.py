"""Defaults of the demo district, kept free of imports so the command line loads fast."""

DEFAULT_RESIDENTS = 20_000
DEFAULT_SEED = 2026
DEFAULT_DISTRICT_CODE = "420606000000"
MAX_RESIDENTS = 5_000_000
