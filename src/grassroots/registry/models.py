"""The population and housing registry (人口房屋登记): where people live and how rooms are used.

Estate (小区) → building (楼栋) → room (房屋, with its unit 单元 and use) → household (户) →
resident (人). Every row carries the grid it lies in, so ``visible_to`` is a condition on the
row's own grid column whatever the depth. Nothing is overwritten: a move in or out is a dated
``Residence``, a room's change of use and a resident's change of record are ``RegistryChange``
rows, so the registry can say what it looked at on any day and where a person used to live.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from grassroots.kernel import crypto
from grassroots.kernel.db.around import written_around_orm
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped
from grassroots.registry.choices import (
    Education,
    Ethnicity,
    IdType,
    PoliticalStatus,
    PopulationType,
    Relation,
    RoomUse,
    special_group_labels,
)

GRID = "grid"
# Operator classes of a (grid, text) index: the id's default, then one for LIKE 'prefix%'.
SCOPED_PREFIX = ("int8_ops", "varchar_pattern_ops")


def _grid_fk(*, indexed: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属网格",
        db_index=indexed,
    )


@scoped(node=GRID, url_kwargs=("estate_id",))
class Estate(models.Model):
    """A residential estate, or the part of it that lies in one grid (小区)."""

    grid = _grid_fk()
    name = models.CharField("小区", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "小区"
        verbose_name_plural = "小区"
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="registry_estate_unique_in_grid")
        ]

    def __str__(self) -> str:
        return self.name


@scoped(node=GRID, url_kwargs=("building_id",))
class Building(models.Model):
    """A building of an estate (楼栋)."""

    grid = _grid_fk()
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="buildings", verbose_name="小区"
    )
    name = models.CharField("楼栋", max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "楼栋"
        verbose_name_plural = "楼栋"
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "name"], name="registry_building_unique_in_estate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.estate.name}{self.name}"


@scoped(node=GRID, url_kwargs=("room_id",))
class Room(models.Model):
    """A room (房屋) of a building: its unit, number and current use.

    ``address`` is the full text (小区 楼栋 单元 房号) kept for search; ``version`` guards against
    two people changing the room at once.
    """

    grid = _grid_fk()
    # Indexed by the unique (building, unit, number), which it leads.
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        related_name="rooms",
        verbose_name="楼栋",
        db_index=False,
    )
    unit = models.CharField("单元", max_length=20, blank=True)
    number = models.CharField("房号", max_length=30)
    use = models.CharField(
        "房屋用途", max_length=16, choices=RoomUse.choices, default=RoomUse.OWNER_OCCUPIED
    )
    address = models.CharField("地址", max_length=200)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "房屋"
        verbose_name_plural = "房屋"
        constraints = [
            models.UniqueConstraint(
                fields=["building", "unit", "number"], name="registry_room_unique_in_building"
            )
        ]
        indexes = [models.Index(fields=["address", "grid"], name="registry_room_address")]

    def __str__(self) -> str:
        return self.address


@scoped(node=GRID, url_kwargs=("household_id",))
class Household(models.Model):
    """The people living together in a room (户). A household that left has ``ended_on``."""

    grid = _grid_fk()
    # Indexed by registry_household_current, which it leads.
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="房屋",
        db_index=False,
    )
    started_on = models.DateField("建户日期")
    ended_on = models.DateField("迁出日期", null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "户"
        verbose_name_plural = "户"
        indexes = [models.Index(fields=["room", "ended_on"], name="registry_household_current")]

    def __str__(self) -> str:
        return f"{self.room.address}（#{self.pk}）"


@scoped(node=GRID, url_kwargs=("resident_id",))
class Resident(models.Model):
    """A person in the registry (居民): one ID number, one resident.

    ``household`` is where the person lives now (null once moved away); ``grid`` stays with the
    last place, so the unit that registered someone still finds them. ID number and phone are
    encrypted; ``*_index`` hold their blind indexes (the ID's over document type and number).
    """

    grid = _grid_fk()
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        verbose_name="所在户",
    )
    relation = models.CharField("与户主关系", max_length=16, choices=Relation.choices, blank=True)
    name = models.CharField("姓名", max_length=50)
    name_initials = models.CharField("姓名拼音首字母", max_length=50, blank=True)
    id_type = models.CharField(
        "证件类型", max_length=20, choices=IdType.choices, default=IdType.CITIZEN
    )
    id_number = EncryptedTextField("证件号码", blank=True, default="")
    id_number_index = models.CharField(max_length=crypto.INDEX_LENGTH, null=True, blank=True)
    gender = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")])
    ethnicity = models.CharField("民族", max_length=2, choices=Ethnicity.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = EncryptedTextField("联系电话", blank=True, default="")
    phone_index = models.CharField(
        max_length=crypto.INDEX_LENGTH, blank=True, default="", db_index=True
    )
    population_type = models.CharField(
        "人口类型", max_length=16, choices=PopulationType.choices, default=PopulationType.REGISTERED
    )
    political_status = models.CharField(
        "政治面貌", max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    education = models.CharField("文化程度", max_length=24, choices=Education.choices, blank=True)
    special_groups = models.CharField("特殊人群", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "居民"
        verbose_name_plural = "居民"
        constraints = [
            # One resident per document. A unique index of its own rather than unique=True
            # (which SQLite builds into the table): an import into an empty registry builds it
            # once at the end, having refused a document given twice in the file already.
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=models.Q(id_number_index__isnull=False),
                name="registry_resident_one_document",
            ),
        ]
        indexes = [
            # Prefix search by name and pinyin initials (core.lookups.Begins) within a scope
            # (``grid_id IN (...)``; for a user who sees everything, the list of every node,
            # see ``selectors.search_residents``): each grid's matches are one range of these,
            # read from the index alone, so a surname shared by a tenth of a district costs a
            # sort of its ids rather than a read of every matching row. SQLite ranges over
            # them as plain indexes; PostgreSQL needs the pattern-ops class for LIKE 'prefix%'.
            models.Index(
                fields=["grid", "name"], opclasses=[*SCOPED_PREFIX], name="registry_res_grid_name"
            ),
            models.Index(
                fields=["grid", "name_initials"],
                opclasses=[*SCOPED_PREFIX],
                name="registry_res_grid_initials",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return crypto.mask_phone(self.phone) if self.phone else ""

    @property
    def special_group_names(self) -> list[str]:
        return special_group_labels(self.special_groups)

    @property
    def age(self) -> int | None:
        """Full years (周岁) today."""
        if self.birth_date is None:
            return None
        today = datetime.date.today()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def document_index(id_type: str, number: str) -> str:
    """The blind index of an identity document: type and number, so passports of two
    countries that happen to share a number never collide with a citizen number."""
    return crypto.blind_index(f"{id_type}:{number}")


class RegistryImport(models.Model):
    """One run of the registry import (导入批次): who imported which file, when, with what result.

    A resident the import registers gets no history row of its own: the stay it begins names
    the batch, and the resident's history shows that as its registration. Read only through a
    stay the user may see, so it carries no org node of its own.
    """

    source = models.CharField("导入文件", max_length=200)
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    effective_on = models.DateField("生效日期")
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rooms_created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"

    def __str__(self) -> str:
        return f"{self.source} {self.at:%Y-%m-%d %H:%M}"


@scoped(node=GRID)
class Residence(models.Model):
    """One stay of a resident in a household (居住记录): the address history."""

    grid = _grid_fk(indexed=False)
    # Indexed by registry_residence_current, which it leads.
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="residences", db_index=False
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField("与户主关系", max_length=16, choices=Relation.choices, blank=True)
    moved_in_on = models.DateField("迁入日期")
    moved_out_on = models.DateField("迁出日期", null=True, blank=True)
    # The import that registered the resident with this, their first, stay. Read from the
    # stay, never the other way round: no index to keep up on every imported row.
    batch = models.ForeignKey(
        RegistryImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name="导入批次",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "居住记录"
        verbose_name_plural = "居住记录"
        ordering = ["-moved_in_on", "-id"]
        indexes = [
            models.Index(fields=["resident", "moved_out_on"], name="registry_residence_current"),
            # Who lived where on a day, per grid, from the index alone: occupied households
            # counted per grid, and one household's occupancy checked (一联十 coverage).
            models.Index(
                fields=["grid", "household", "moved_in_on", "moved_out_on"],
                name="registry_residence_grid_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moved_in_on}–{self.moved_out_on or ''}"


class ChangeKind(models.TextChoices):
    RESIDENT_REGISTERED = "registered", "登记"
    RESIDENT_CHANGED = "changed", "信息变更"
    MOVED_IN = "moved_in", "迁入"
    MOVED_OUT = "moved_out", "迁出"
    ROOM_USE = "room_use", "房屋用途变更"


class ChangeSource(models.TextChoices):
    FORM = "form", "页面录入"
    IMPORT = "import", "批量导入"
    SWEEP = "sweep", "扫楼走访"
    API = "api", "接口"


@scoped(node=GRID)
class RegistryChange(models.Model):
    """One dated change to the registry: who, when, what kind, from what to what.

    ``changes`` maps a field to ``[old, new]``; personal data appears only masked.
    """

    grid = _grid_fk()
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    source = models.CharField(max_length=10, choices=ChangeSource.choices)
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    effective_on = models.DateField("生效日期")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict)

    objects = ScopedManager()

    class Meta:
        verbose_name = "登记变更"
        verbose_name_plural = "登记变更"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"

    @property
    def shown_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) with code values as their labels, for a history page."""
        return [
            (_label_of(name), _shown(name, old), _shown(name, new))
            for name, (old, new) in self.changes.items()
        ]


def _field(name: str) -> models.Field | None:
    for model in (Resident, Room):
        try:
            return model._meta.get_field(name)  # type: ignore[return-value]
        except FieldDoesNotExist:
            continue
    return None


def _label_of(name: str) -> str:
    field = _field(name)
    return str(field.verbose_name) if field is not None else name


def _shown(name: str, value: object) -> str:
    if value in (None, ""):
        return ""
    if name == "special_groups":
        return "、".join(special_group_labels(str(value)))
    field = _field(name)
    choices = dict(field.choices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


# --- the records of imports -----------------------------------------------------------------
# An uploaded file's job (the batch each import ran as, ``RegistryImport``, stands before
# ``Residence``, which points at it). They hold no registry data themselves: a job is the web
# upload followed from its page, a batch is what the residents it registered point at from
# their first stay.


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    VALIDATED = "validated", "校验通过"
    FAILED = "failed", "有错误"
    DONE = "done", "已导入"
    CRASHED = "crashed", "意外中止"


@scoped(node="node", url_kwargs=("job_id",))
class ImportJob(models.Model):
    """A registry file uploaded on the web page: checked first, imported once confirmed.

    The work runs in a process of its own (``grassroots registry run-job``); the page follows
    its progress. ``errors`` keeps the first rows' errors for the preview; all of them can be
    downloaded as a workbook.
    """

    owner = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(
        "org.OrgNode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("文件名", max_length=200)
    stored_as = models.CharField(max_length=300)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    summary = models.CharField(max_length=300, blank=True)
    message = models.CharField(max_length=500, blank=True)
    errors = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The process running it, so a page can tell a job whose process died (a server killed or
    # restarted mid-import) from one still at work.
    pid = models.PositiveIntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"

    def __str__(self) -> str:
        return self.name


# The registry import (``registry/importer``) writes these with raw INSERT/UPDATE in bulk
# (``kernel.db.rows``); none has a save() override or a save signal for it to skip, and
# start-up fails should one gain either (``kernel/db/checks.py``).
for _model in (Estate, Building, Room, Household, Resident, Residence, RegistryChange):
    written_around_orm(_model)
