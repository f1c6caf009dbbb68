"""Every registry label a page shows with |tr is in the English catalogue."""

from django.utils import translation

from grassroots.registry.labels import CHOICE_LABELS, LABELED


def test_every_code_list_label_is_listed_for_translation():
    labels = {str(label) for choices in LABELED for label in choices.labels}
    assert labels <= set(CHOICE_LABELS)


def test_every_listed_label_has_an_english_translation():
    with translation.override("en"):
        untranslated = [label for label in CHOICE_LABELS if translation.gettext(label) == label]
    assert not untranslated
