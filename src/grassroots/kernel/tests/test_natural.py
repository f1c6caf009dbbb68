"""Names people number sort as they count."""

from grassroots.kernel.natural import natural_key


def test_buildings_sort_by_their_number_not_their_characters():
    names = ["10栋", "2栋", "1栋", "11栋", "A座", "1栋附楼"]
    assert sorted(names, key=natural_key) == ["1栋", "1栋附楼", "2栋", "10栋", "11栋", "A座"]


def test_rooms_sort_by_unit_then_number():
    rooms = ["2单元1001", "1单元201", "2单元301", "1单元1201", "1单元202"]
    assert sorted(rooms, key=natural_key) == [
        "1单元201",
        "1单元202",
        "1单元1201",
        "2单元301",
        "2单元1001",
    ]


def test_an_estate_name_before_the_number_still_groups_the_estate():
    names = ["东风园10栋", "茶庵路2栋", "东风园2栋"]
    assert sorted(names, key=natural_key) == ["东风园2栋", "东风园10栋", "茶庵路2栋"]
