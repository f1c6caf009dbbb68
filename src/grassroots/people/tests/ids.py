"""Citizen ID numbers with a correct check character, made on demand for tests."""

from stdnum.cn import ric


def make_id_number(region: str = "420606", birth: str = "19850612", order: str = "123") -> str:
    """An 18-character number with a correct check character (order odd = male, even = female).

    The region and date are not checked here, so tests can build numbers that fail on those.
    """
    body = region + birth + order
    return body + ric.calc_check_digit(body + "0")
