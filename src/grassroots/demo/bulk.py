"""Writing generated trees and rows in bulk.

treebeard's ``add_child`` costs several queries per node; a demo district has thousands of
nodes, so their materialised paths are laid out here (the model's own alphabet and step
length) and the rows inserted with ``bulk_create``. Only each tree's root goes through
treebeard, which slots it in among any roots already there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import models
from treebeard.mp_tree import MP_Node

CHUNK = 2000

M = TypeVar("M", bound=models.Model)


def step(model: type[MP_Node], position: int) -> str:
    """The path segment of the ``position``-th child (1-based), e.g. 1 → "0001", 36 → "0010"."""
    alphabet = model.alphabet
    base = len(alphabet)
    digits = ""
    while position:
        position, remainder = divmod(position, base)
        digits = alphabet[remainder] + digits
    if len(digits) > model.steplen:
        raise ValueError("too many children for one parent")
    return digits.rjust(model.steplen, alphabet[0])


def place_children(parent: MP_Node, children: Sequence[MP_Node]) -> None:
    """Give ``children`` (already in tree order) their paths and depth under ``parent``."""
    model = type(parent)
    depth = parent.depth + 1
    for position, child in enumerate(children, start=1):
        child.path = parent.path + step(model, position)
        child.depth = depth
    parent.numchild = len(children)


def insert(
    model: type[M],
    rows: Sequence[M],
    advance: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> list[M]:
    """``bulk_create`` in chunks, reporting progress after each; returns rows with their pks."""
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        model._default_manager.bulk_create(part)
        if advance is not None:
            advance(len(part))
    return list(rows)


def save_numchild(root: Any) -> None:
    """The root was created by treebeard before its children existed: record their number."""
    type(root)._default_manager.filter(pk=root.pk).update(numchild=root.numchild)
