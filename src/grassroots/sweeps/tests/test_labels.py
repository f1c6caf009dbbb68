"""Every choice label the sweep pages translate with |tr is listed for the catalogue."""

from grassroots.sweeps.labels import LABELS, LISTS, REGISTRY_LABELS, REGISTRY_LISTS


def test_every_choice_label_shown_on_the_sweep_pages_is_listed():
    shown = {str(label) for choices in LISTS for label in choices.labels}
    assert shown <= set(LABELS), shown - set(LABELS)


def test_the_registry_lists_on_the_visit_form_are_listed_by_the_registry():
    shown = {str(label) for choices in REGISTRY_LISTS for label in choices.labels}
    assert shown <= set(REGISTRY_LABELS), shown - set(REGISTRY_LABELS)
