"""Party-member rows for tests and the scope walk."""

from __future__ import annotations
