"""The audit log in words (审计日志的中文表述): the details and objects of each record as the
modules that record them declare (``Plugin.audit_details`` and ``audit_targets``), never the
codes and field names stored.

A record keeps what happened in codes (``{"outcome": "no_answer"}``, target ``account:2``), so
that it reads the same whatever the labels become; the page words it when shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from grassroots.kernel.plugins import AuditDetail, installed_plugins, load


@dataclass(frozen=True)
class DetailLine:
    label: str
    text: str


@dataclass(frozen=True)
class KeyWording:
    """A key as declared, merged over the modules that declare it for the same action (each
    names the fields of its own records shown by 查看完整个人信息, say)."""

    label: Any
    values: tuple[str, ...]
    change: bool


@dataclass(frozen=True)
class Wording:
    """Every module's declared wording, by action and key (the action "" for any action)."""

    details: dict[tuple[str, str], KeyWording]
    targets: dict[str, str]

    def detail(self, action: str, key: str) -> KeyWording | None:
        return self.details.get((action, key)) or self.details.get(("", key))


@cache
def _wording(plugins: tuple[Any, ...]) -> Wording:
    declared: dict[tuple[str, str], list[AuditDetail]] = defaultdict(list)
    targets: dict[str, str] = {}
    for plugin in plugins:
        for detail in plugin.audit_details:
            for action in detail.actions or ("",):
                declared[(action, detail.key)].append(detail)
        for target in plugin.audit_targets:
            targets[target.prefix] = target.names
    details = {
        where: KeyWording(
            label=found[0].label,
            values=tuple(d.values for d in found if d.values),
            change=any(d.change for d in found),
        )
        for where, found in declared.items()
    }
    return Wording(details=details, targets=targets)


def wording() -> Wording:
    return _wording(installed_plugins())


@cache
def value_names(path: str) -> Mapping[str, Any]:
    """The names of a key's coded values, from what ``AuditDetail.values`` names (kept as
    declared, lazy or Chinese, so that each page translates them into its own language)."""
    source = load(path)
    if hasattr(source, "_meta"):  # a model: its fields by their verbose names
        return {f.name: f.verbose_name for f in source._meta.get_fields() if f.concrete}
    if hasattr(source, "choices"):
        return {str(code): label for code, label in source.choices}
    if callable(source):
        source = source()
    return {str(code): label for code, label in dict(source).items()}


def _value(value: Any, names: Mapping[str, Any]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    label = names.get(str(value))
    return _(str(label)) if label else str(value)


def word_value(action: str, key: str, value: Any, words: Wording | None = None) -> str:
    """One detail's value in words: codes named, lists item by item, a change as 前 → 后."""
    words = words or wording()
    declared = words.detail(action, key)
    names: dict[str, Any] = {}
    for path in declared.values if declared else ():
        names.update(value_names(path))
    if isinstance(value, Mapping):
        return "；".join(
            f"{word_label(action, k, words)}：{word_value(action, k, v, words)}"
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        items = [
            word_value(action, key, v, words) if isinstance(v, Mapping | list) else _value(v, names)
            for v in value
        ]
        if declared and declared.change and len(items) == 2:
            return f"{items[0]} → {items[1]}"
        return "、".join(items) if items else "—"
    return _value(value, names)


def word_label(action: str, key: str, words: Wording | None = None) -> str:
    declared = (words or wording()).detail(action, key)
    return str(declared.label) if declared else key


def detail_lines(action: str, detail: Mapping[str, Any]) -> list[DetailLine]:
    words = wording()
    return [
        DetailLine(word_label(action, key, words), word_value(action, key, value, words))
        for key, value in (detail or {}).items()
    ]


def target_names(targets: Iterable[str]) -> dict[str, str]:
    """The names of the references among ``targets`` (``account:2`` → 张三), as their
    modules' ``audit_targets`` name them; a reference no module names is left out."""
    words = wording()
    wanted: dict[str, set[str]] = defaultdict(set)
    for target in targets:
        prefix, sep, key = (target or "").partition(":")
        if sep and prefix in words.targets:
            wanted[prefix].add(key)
    named: dict[str, str] = {}
    for prefix, keys in wanted.items():
        for key, name in load(words.targets[prefix])(sorted(keys)).items():
            named[f"{prefix}:{key}"] = name
    return named
