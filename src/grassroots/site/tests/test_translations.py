"""The English catalogues stay complete and compiled as modules add pages.

Msgids are the Chinese text. The foundation's apps share ``grassroots/locale``; an app added
later keeps its own catalogue in ``<app>/locale`` (Django reads both), so each module's strings
live beside its code. After adding or changing text, in the folder that holds the catalogue:

    cd src/grassroots/<app> && django-admin makemessages -l en --add-location file
    # translate the new entries in locale/en/LC_MESSAGES/django.po, then compile without gettext:
    python -c "import polib; polib.pofile('locale/en/LC_MESSAGES/django.po')\
.save_as_mofile('locale/en/LC_MESSAGES/django.mo')"
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

import grassroots
from grassroots.org.models import Level, PartyOrgKind
from grassroots.people.models import Gender
from grassroots.web.templatetags.grassroots_tags import CHOICE_LABELS

PACKAGE = Path(grassroots.__file__).parent
CATALOGUE = Path("locale") / "en" / "LC_MESSAGES" / "django.po"
PO_FILES = [PACKAGE / CATALOGUE, *sorted(PACKAGE.glob(f"*/{CATALOGUE}"))]

# templatize() turns a template into pseudo-Python in which each translatable string is an
# argument of one of these calls; the same text xgettext (and so makemessages) extracts.
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(rf"\b(n?p?gettext)\(\s*((?:{_LITERAL}\s*,?\s*)+)")


def template_msgids(source: str) -> set[tuple[str, str]]:
    """(context, msgid) of every translatable string in one template's source."""
    found = set()
    for function, args in _CALL.findall(templatize(source)):
        strings = [ast.literal_eval(s) for s in re.findall(_LITERAL, args)]
        if function.startswith(("pgettext", "npgettext")):
            found.add((strings[0], strings[1]))
        else:
            found.add(("", strings[0]))
    return found


def all_template_msgids() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for path in sorted(PACKAGE.glob("*/templates/**/*.html")):
        for key in template_msgids(path.read_text(encoding="utf-8")):
            found.setdefault(key, str(path.relative_to(PACKAGE)))
    return found


def _translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags or entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


@pytest.fixture(scope="module")
def catalogue():
    """Every entry of every catalogue; a translated entry wins over an empty one."""
    entries: dict[tuple[str, str], polib.POEntry] = {}
    for po in PO_FILES:
        for entry in polib.pofile(str(po)):
            key = (entry.msgctxt or "", entry.msgid)
            if key not in entries or _translated(entry):
                entries[key] = entry
    return entries


def test_the_extractor_finds_plain_plural_and_context_strings():
    source = (
        '{% load i18n %}{% translate "组织架构" %}{% translate "月" context "日期" %}'
        "{% blocktranslate count n=k %}共 {{ n }} 人{% plural %}共 {{ n }} 人"
        "{% endblocktranslate %}{% blocktranslate with name=x %}你好，{{ name }}"
        "{% endblocktranslate %}"
    )
    assert template_msgids(source) == {
        ("", "组织架构"),
        ("日期", "月"),
        ("", "共 %(n)s 人"),
        ("", "你好，%(name)s"),
    }


def test_every_template_string_of_every_app_has_an_english_translation(catalogue):
    missing = [
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), where in all_template_msgids().items()
        if (context, msgid) not in catalogue or not _translated(catalogue[(context, msgid)])
    ]
    assert not missing, "untranslated in django.po:\n" + "\n".join(missing)


_GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}


def python_msgids() -> dict[tuple[str, str], str]:
    """(context, msgid) of every literal passed to a gettext call in the package's code."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _GETTEXT_CALLS
            ):
                continue
            args = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if args:
                key = (args[0], args[1]) if node.func.id.startswith("pgettext") else ("", args[0])
                found.setdefault(key, str(path.relative_to(PACKAGE)))
    return found


def test_every_message_in_python_code_has_an_english_translation(catalogue):
    found = python_msgids()
    assert ("", "账号或密码错误。") in found  # the extractor sees the code's messages
    missing = [
        f"{where}: {msgid!r}"
        for (context, msgid), where in found.items()
        if (context, msgid) not in catalogue or not _translated(catalogue[(context, msgid)])
    ]
    assert not missing, "untranslated in django.po:\n" + "\n".join(missing)


def test_every_choice_label_shown_on_pages_has_an_english_translation(catalogue):
    labels = {str(label) for choices in (Level, PartyOrgKind, Gender) for label in choices.labels}
    assert labels <= set(CHOICE_LABELS)
    missing = [
        label
        for label in CHOICE_LABELS
        if ("", label) not in catalogue or not _translated(catalogue[("", label)])
    ]
    assert not missing


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_compiled_catalogue_matches_the_source(po):
    def pairs(entries):
        return {
            (e.msgctxt or "", e.msgid): tuple(sorted(e.msgstr_plural.items()))
            if e.msgid_plural
            else e.msgstr
            for e in entries
            if e.msgid and _translated(e)
        }

    source = pairs(polib.pofile(str(po)))
    compiled = pairs(polib.mofile(str(po.with_suffix(".mo"))))
    assert compiled == source, "django.mo is stale: recompile it from django.po (see above)"
