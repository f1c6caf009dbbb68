"""What the councils module does when another module announces something.

``owners.vote_closed`` (vote_id, passed): the owners' module closed a vote; a convention version
proposed for adoption by that vote is adopted when it passed, rejected when it did not.
"""

from __future__ import annotations

from grassroots.councils.services import decide_by_owners_vote


def adopt_by_vote(*, vote_id: int, passed: bool, **_ignored: object) -> None:
    decide_by_owners_vote(int(vote_id), passed=bool(passed))
