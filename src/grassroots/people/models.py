"""Person records (人员): who someone is, separate from any login account they may hold."""

from __future__ import annotations

from django.db import models

from grassroots.kernel import crypto
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


@scoped(node="org_node", url_kwargs=("person_id",))
class Person(models.Model):
    """A person known to the organisation: cadre, staff, party member (人员信息).

    ID number and phone are encrypted at rest; ``*_index`` hold their blind indexes, so one ID
    number is one person and look-ups never decrypt.
    """

    org_node = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="people", verbose_name="所属单位"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = EncryptedTextField("联系电话", blank=True, default="")
    phone_index = models.CharField(
        max_length=crypto.INDEX_LENGTH, blank=True, default="", db_index=True
    )
    id_number = EncryptedTextField("公民身份号码", blank=True, default="")
    id_number_index = models.CharField(
        max_length=crypto.INDEX_LENGTH, null=True, blank=True, unique=True
    )
    post = models.CharField("职务", max_length=60, blank=True)
    is_party_member = models.BooleanField("中共党员", default=False)
    party_joined_on = models.DateField("入党时间", null=True, blank=True)
    party_branch = models.ForeignKey(
        "org.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name="所在党组织",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["org_node__path", "name"]

    def __str__(self) -> str:
        return self.name

    def set_personal_data(self, *, id_number: str | None = None, phone: str | None = None) -> None:
        """Set ID number and phone together with their blind indexes."""
        if id_number is not None:
            self.id_number = crypto.normalise(id_number)
            self.id_number_index = crypto.blind_index(id_number) if id_number else None
        if phone is not None:
            self.phone = phone.strip()
            self.phone_index = crypto.blind_index(phone) if phone else ""

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return crypto.mask_phone(self.phone) if self.phone else ""
