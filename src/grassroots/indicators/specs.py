"""The indicators the installed modules declare (``Plugin.indicators``), in display order.

The engine knows no module by name: it reads the declarations, calls each counter by its
dotted path and keeps what it answers.
"""

from __future__ import annotations

from grassroots.kernel.plugins import IndicatorSpec, installed_plugins


def declared_indicators() -> list[IndicatorSpec]:
    """Every declared indicator, by ``order`` then code; a code declared twice is a mistake."""
    found = [spec for plugin in installed_plugins() for spec in plugin.indicators]
    codes = [spec.code for spec in found]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ValueError(f"indicators declared twice: {', '.join(twice)}")
    return sorted(found, key=lambda spec: (spec.order, spec.code))


def indicator(code: str) -> IndicatorSpec | None:
    return next((spec for spec in declared_indicators() if spec.code == code), None)
