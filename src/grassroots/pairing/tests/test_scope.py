"""Who sees which pairings: the office roles their subtree, a liaison only its own unit."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Evidence, PairedUnit, Pairing, Pledge, ProgressEntry
from grassroots.pairing.services import add_evidence, record_progress
from grassroots.pairing.testing import make_pledge, pair, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(tree, housing, other_unit):
    """Pledges of 住建局 (the liaison's) and 城管局 in 清河口, and one in 春园 (street B)."""
    elsewhere = pair("WJW", "区卫健局", tree.community_b1)
    pledges = {
        "own": make_pledge(housing, "住建局承诺"),
        "other unit": make_pledge(other_unit, "城管局承诺"),
        "street b": make_pledge(elsewhere, "卫健局承诺"),
    }
    for pledge in pledges.values():
        record_progress(pledge, percent=10)
        add_evidence(pledge, upload=photo())
    return pledges


def _texts(account):
    return set(Pledge.objects.visible_to(account).values_list("text", flat=True))


def test_a_liaison_sees_only_its_own_units_pairings_pledges_and_progress(spread, personas):
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    assert _texts(liaison) == {"住建局承诺"}
    assert set(Pairing.objects.visible_to(liaison).values_list("unit__code", flat=True)) == {"ZJJ"}
    own = spread["own"].pk
    assert set(ProgressEntry.objects.visible_to(liaison).values_list("pledge", flat=True)) == {own}
    assert set(Evidence.objects.visible_to(liaison).values_list("pledge", flat=True)) == {own}


def test_a_liaison_linked_to_no_unit_sees_no_pairing(spread, tree):
    from grassroots.testing.personas import make_account

    newcomer = make_account(tree.community_a1, Role.PAIRED_UNIT_LIAISON, username="newcomer")
    assert not Pairing.objects.visible_to(newcomer).exists()
    assert not PairedUnit.objects.visible_to(newcomer).exists()


def test_the_community_secretary_sees_every_unit_paired_with_the_community(spread, personas):
    assert _texts(personas[Role.COMMUNITY_SECRETARY]) == {"住建局承诺", "城管局承诺"}


def test_a_street_sees_its_communities_and_the_district_everything(spread, personas):
    assert _texts(personas[Role.STREET_STAFF]) == {"住建局承诺", "城管局承诺"}
    assert _texts(personas[Role.DISTRICT_ADMIN]) == {"住建局承诺", "城管局承诺", "卫健局承诺"}


def test_a_liaison_sees_its_units_pairings_in_every_community_it_pairs_with(
    spread, housing, tree, personas, client
):
    """A unit pairs with communities all over the district; its liaison's account sits at
    one of them and still follows the unit's work in the others, and nothing else there."""
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    far = pair("ZJJ", "区住建局", tree.community_b1)  # the same unit, in street B
    far_pledge = make_pledge(far, "住建局在春园的承诺")
    assert _texts(liaison) == {"住建局承诺", "住建局在春园的承诺"}
    assert "卫健局承诺" not in _texts(liaison)  # street B's other unit stays out of sight
    client.force_login(liaison)
    assert client.get(f"/pairing/{far.pk}/").status_code == 200
    assert client.get(f"/pairing/pledges/{far_pledge.pk}/").status_code == 200
    assert client.get(f"/pairing/{spread['street b'].pairing_id}/").status_code == 404
