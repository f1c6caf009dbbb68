"""API operations on person records: read-only, masked, always within the caller's scope.

ID numbers and phones leave only masked (110***********1234, 138****1234); the encrypted
values and their blind indexes never do. Unmasked reading is a web-page action with an audit
record, not an API one.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.kernel.scope import get_visible_or_404, user_root_path
from grassroots.org.schemas import TEXT_PATTERN
from grassroots.people.models import Gender, Person
from grassroots.people.plugin import VIEW_PEOPLE
from grassroots.people.selectors import people_for, unit_for

router = Router(tags=["人员"])

PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="人员 id")]


class PersonFilters(Schema):
    q: str | None = Field(
        None,
        max_length=50,
        pattern=TEXT_PATTERN,
        description="姓名包含此文字，或完整的公民身份号码、联系电话",
    )
    party_member: bool | None = Field(None, description="true 只列中共党员，false 只列非党员")
    node: int | None = Field(None, ge=1, le=MAX_ID, description="组织节点 id：此节点及其下级的人员")


class PersonOut(Schema):
    id: int
    name: str
    gender: Gender
    gender_name: str
    post: str
    is_party_member: bool
    party_joined_on: date | None
    party_branch_id: int | None = Field(description="所在党组织 id（在本人辖区外时为 null）")
    party_branch_name: str | None
    org_node_id: int
    org_node_code: str
    org_node_name: str
    phone_masked: str = Field(description="脱敏后的联系电话")
    id_number_masked: str = Field(description="脱敏后的公民身份号码")

    @staticmethod
    def resolve_gender_name(obj: Person) -> str:
        return obj.get_gender_display()

    @staticmethod
    def resolve_party_branch_id(obj: Person, context: dict[str, Any]) -> int | None:
        branch = _branch_in_scope(obj, context)
        return branch.pk if branch is not None else None

    @staticmethod
    def resolve_party_branch_name(obj: Person, context: dict[str, Any]) -> str | None:
        branch = _branch_in_scope(obj, context)
        return branch.name if branch is not None else None

    @staticmethod
    def resolve_org_node_code(obj: Person) -> str:
        return obj.org_node.code

    @staticmethod
    def resolve_org_node_name(obj: Person) -> str:
        return obj.org_node.name

    @staticmethod
    def resolve_phone_masked(obj: Person) -> str:
        return obj.masked_phone

    @staticmethod
    def resolve_id_number_masked(obj: Person) -> str:
        return obj.masked_id_number


class PersonDetailOut(PersonOut):
    created_at: datetime
    updated_at: datetime


def _branch_in_scope(person: Person, context: dict[str, Any]) -> Any:
    # A person inside the reader's scope may belong to a party organisation above it (a
    # street's working committee, say); its name is outside the scope and stays there.
    branch = person.party_branch
    root = user_root_path(context["request"].auth)
    if branch is None or root is None or not branch.org_node.path.startswith(root):
        return None
    return branch


@router.get(
    "/people",
    response={200: list[PersonOut], **ERROR_RESPONSES},
    url_name="people",
    operation_id="listPeople",
    summary="人员列表",
)
@paginate(PageNumber)
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> QuerySet[Person]:
    """本人辖区内的人员，身份证号和电话均已脱敏。"""
    require_permission(request.auth, VIEW_PEOPLE)
    user = request.auth
    node = None
    if filters.node is not None:
        node = unit_for(user, filters.node)
        if node is None:
            return people_for(user).none()
    people = people_for(user, query=filters.q or "", node=node)
    if filters.party_member is not None:
        people = people.filter(is_party_member=filters.party_member)
    return people.select_related("party_branch__org_node")


@router.get(
    "/people/{person_id}",
    response={200: PersonDetailOut, **ERROR_RESPONSES},
    url_name="person",
    operation_id="getPerson",
    summary="人员详情",
)
def get_person(request: HttpRequest, person_id: PersonId) -> Person:
    """一个人员，身份证号和电话均已脱敏；辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_PEOPLE)
    return get_visible_or_404(Person, request.auth, pk=person_id)
