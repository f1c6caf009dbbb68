"""The rows behind every module's figure, on a seeded demo district: counted over the whole
district they add up to the kept figure, and a street's staff see only their street's rows,
which add up to their street's figure."""

import pytest

from grassroots.accounts.models import Account
from grassroots.demo.services import seed_demo_district
from grassroots.indicators.models import IndicatorCount
from grassroots.indicators.periods import parse_period
from grassroots.indicators.specs import declared_indicators
from grassroots.kernel.plugins import load

pytestmark = pytest.mark.django_db

# Its numerator is a sum of monthly case counts, not a count of rows (test_pages checks it).
SUMMED = {"criminal_cases_per_10k"}


def sizes(rows):
    def size(items):
        if items is None:
            return None
        return (
            items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
        )

    return size(rows.numerator), size(rows.denominator)


def kept(node, period, code):
    row = IndicatorCount.objects.get(
        node=node, code=code, period_kind=period.kind, period_start=period.first
    )
    return row.numerator, row.denominator


def test_the_rows_behind_each_figure_add_up_to_it_within_the_readers_scope_with_links():
    seed_demo_district(residents=10_000, seed=11)
    period = parse_period("2026-11")
    district_admin = Account.objects.get(username="district")
    street_staff = Account.objects.get(username="street2")
    district = district_admin.org_node
    street = street_staff.org_node
    specs = [spec for spec in declared_indicators() if spec.rows and spec.code not in SUMMED]
    assert len(specs) >= 10
    counted_anything = False
    for spec in specs:
        behind = load(spec.rows)
        whole = sizes(behind(district, period.first, period.last, district_admin))
        assert whole == kept(district, period, spec.code), spec.code
        seen = sizes(behind(district, period.first, period.last, street_staff))
        assert seen == kept(street, period, spec.code), spec.code
        counted_anything = counted_anything or whole[1] > seen[1] > 0
        rows = behind(district, period.first, period.last, street_staff)
        for side in (rows.numerator, rows.denominator):
            for item in list(side or [])[:3]:
                cells, url = rows.row(item)
                assert len(cells) == len(rows.columns) and url.startswith("/"), spec.code
    assert counted_anything
