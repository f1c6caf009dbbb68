"""The figures of a vote in words: the command's plain output and the notice's paragraphs."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.owners.counting import Tally
from grassroots.owners.models import Vote, area_text

LEGAL_BASIS = gettext_lazy(
    "依据《中华人民共和国民法典》第二百七十八条和《最高人民法院关于审理建筑物区分所有权纠纷"
    "案件适用法律若干问题的解释》（法释〔2009〕7号）第八条、第九条"
)


def threshold_text(vote: Vote) -> str:
    if vote.is_major:
        return _("参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意")
    return _("参与表决专有部分面积过半数且参与表决人数过半数的业主同意")


def tally_text(vote: Vote, result: Tally) -> str:
    lines = [
        f"{vote.title}（{vote.get_kind_display()}）",
        _("房屋%(rooms)d套，业主%(owners)d人，专有部分总面积%(area)s平方米")
        % {"rooms": result.rooms, "owners": result.owners, "area": area_text(result.area_total)},
        _("参与表决：业主%(n)d人，面积%(area)s平方米；%(ok)s")
        % {
            "n": result.voted_owners,
            "area": area_text(result.voted_area),
            "ok": _("达到三分之二") if result.quorum else _("未达到三分之二"),
        },
        _("同意：业主%(n)d人，面积%(area)s平方米")
        % {"n": result.agree_owners, "area": area_text(result.agree_area)},
        _("反对：业主%(n)d人，面积%(area)s平方米")
        % {"n": result.against_owners, "area": area_text(result.against_area)},
        _("弃权：业主%(n)d人，面积%(area)s平方米")
        % {"n": result.abstain_owners, "area": area_text(result.abstain_area)},
        _("结果：%(r)s") % {"r": _("通过") if result.passed else _("未通过")},
    ]
    return "\n".join(lines)
