"""Every choice label the sweep pages translate with |tr is listed for the catalogue."""

from grassroots.sweeps.labels import LABELS, LISTS


def test_every_choice_label_shown_on_the_sweep_pages_is_listed():
    shown = {str(label) for choices in LISTS for label in choices.labels}
    assert shown <= set(LABELS), shown - set(LABELS)
