"""How a module plugs into the platform (插件): one declaration per app, collected by the frame.

Every grassroots app says what it adds in its own ``plugin.py``, as a module-level
``plugin = Plugin(...)``: its permissions and the roles that hold them, its pages (URL
mounts), its JSON API routers, its ``grassroots`` sub-commands, its demo seeder and scope-walk
sample modules, and its entries in the main navigation. The frame collects them:

- the URL map (``site/urls.py``) mounts every ``urls`` entry,
- the API root (``site/api.py``) adds every router,
- the ``grassroots`` command (``cli``) registers every command module,
- ``kernel.permissions`` builds the role → permission table,
- the demo imports every ``demo_seeds`` module, the scope walk every ``scope_samples`` one,
- the page frame (``web``) draws the navigation,
- the org tree's pages count every ``tree_tallies`` entry and show every ``tree_sections`` one,
- the home page shows every ``home_panels`` entry the user may see (工作台),
- ``notify(event, ...)`` calls every ``listeners`` entry for the event,
- the audit log names every ``audit_actions`` entry in its list and its filter, and words
  the details and objects of its records by every ``audit_details`` and ``audit_targets`` one,
- the uploads sweep empties every ``transient_uploads`` folder of files older than a day,
- an access request (``people export-personal``) gathers every ``personal_data`` entry,
- the indicator engine (考核指标) counts every ``indicators`` entry for each period,
- a grid worker's scorecard (网格员考核) shows every ``worker_figures`` entry.

None of them names a module; adding a module touches nothing outside it but ``INSTALLED_APPS``.

The declaration is made of dotted paths, not imported objects, so that ``plugin.py`` imports
nothing of its own app: views and services import their permission names from it, and the
``grassroots`` command reads the declarations before Django is set up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Permission:
    """A permission, named for what it allows (``"registry.view"``), and the roles granted it."""

    code: str
    label: str
    roles: frozenset[str]


def permission(code: str, label: str, *, roles: Iterable[str]) -> Permission:
    return Permission(code=code, label=label, roles=frozenset(str(r) for r in roles))


@dataclass(frozen=True)
class Mount:
    """A part of the URL map: ``include`` a urlconf module under ``path``, or one ``view``
    (``"module:attribute"``) at ``path`` with the URL name ``name``."""

    path: str
    include: str = ""
    view: str = ""
    name: str = ""


@dataclass(frozen=True)
class NavGroup:
    """A heading of the main navigation under which the entries of several modules stand
    (a phone shows the navigation as a menu of these groups). The frame's own vocabulary, so
    that modules agree on where their pages go: use the constants below."""

    key: str
    label: Any
    order: int


NAV_ORGANISATION = NavGroup("organisation", _("组织"), 10)
NAV_PARTY = NavGroup("party", _("党建"), 20)
NAV_GOVERNANCE = NavGroup("governance", _("治理"), 30)
NAV_MINE = NavGroup("mine", _("我的"), 40)
NAV_SYSTEM = NavGroup("system", _("系统"), 50)


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation.

    ``current`` lists the ``"namespace:url-name-prefix"`` patterns of the pages that belong to
    the entry; of the entries whose pattern matches a page, the one with the longest pattern is
    marked current. ``permission`` (or ``show``, given the user) says who sees the link.
    ``group`` is the heading it stands under; an entry without one (首页) comes before them.
    """

    label: Any
    url_name: str
    order: int
    current: tuple[str, ...] = ()
    permission: str | None = None
    show: Callable[[Any], bool] | None = None
    group: NavGroup | None = None


@dataclass(frozen=True)
class TreeTally:
    """Rows of an app's model that hang on a tree, counted on the tree's pages (人员, 登录账号).

    ``model`` is an app label and model name (``"people.Person"``) and ``node_field`` its
    foreign key to the tree's node: an org node on the ``"org"`` tree, a party organisation on
    the ``"party"`` tree. The org app counts them through the model's own ``visible_to``, so the
    tree's pages show what other apps keep without importing them. ``in_rows`` also shows the
    count on each child's row, not only in the totals of a node.
    """

    key: str
    label: Any
    model: str
    node_field: str
    tree: str = "org"
    order: int = 0
    in_rows: bool = True


@dataclass(frozen=True)
class NodeSection:
    """A part of a tree page that another app fills (the people at a node, a branch's members).

    ``context`` names a function ``(user, node) -> dict`` whose answer renders ``template``;
    ``tree`` says which tree's pages show it (``"org"`` or ``"party"``).
    """

    template: str
    context: str
    tree: str = "org"
    permission: str | None = None
    order: int = 0


@dataclass(frozen=True)
class HomePanel:
    """A part of the signed-in user's home page (工作台): what the user has to do in one app.

    ``context`` names a function ``(user) -> dict | None`` whose answer renders ``template``;
    None leaves the panel out (the user has nothing there, or is not who it is for).
    ``permission`` says who may see it at all; panels show in ``order``.
    """

    template: str
    context: str
    permission: str | None = None
    order: int = 0


@dataclass(frozen=True)
class Listener:
    """A function another app calls, by name, when something happens in it.

    ``event`` is the name the emitting app gives (``"registry.room_use_changed"``) and documents
    with its arguments; ``handler`` names ``"module:function"``, called with those keyword
    arguments inside the emitting service's transaction, so what it writes stands or falls
    with the change itself. This is for one module's rules following another's facts (a
    campaign opening a case when a room becomes a group rental), declared where they can be
    read, never hidden in a signal.
    """

    event: str
    handler: str


@dataclass(frozen=True)
class AuditDetail:
    """How the audit log words one key of the details a module's actions record (``record(
    action, outcome="met")``), so that no code or field name shows in the Chinese log.

    ``label`` names the key (走访结果). ``values`` names what names its coded values:
    ``"module:attribute"`` of a choices class, a mapping, or a model (its fields' verbose
    names, for a list of changed fields). A list is named item by item; ``change=True`` shows
    a ``[before, after]`` pair as 前 → 后. ``actions`` limits the wording to those actions (two
    modules may record ``status`` of different things); without, it is the key's wording
    wherever no action's own is declared.
    """

    key: str
    label: Any
    values: str = ""
    actions: tuple[str, ...] = ()
    change: bool = False


@dataclass(frozen=True)
class AuditTarget:
    """A reference ``"prefix:key"`` that audit records hold as their object (对象), and the
    function (``"module:function"``) that names them: called with the keys (strings), it
    answers ``{key: name}`` for those it knows (账号 ``account:2`` → the person's name)."""

    prefix: str
    names: str


INDICATOR_UNITS = ("percent", "per_10k")
INDICATOR_DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator of results (考核指标) a module supplies: a numerator over a denominator.

    ``counter`` names ``"module:function"`` called with the first and the last day of a
    period (both included) and answering ``{org node id: (numerator, denominator)}`` at the
    lowest level the module knows (grids, or communities); the engine adds them up the tree,
    numerators and denominators apart, never averaging rates. An indicator whose module is
    not built yet has no ``counter`` and says what it waits for in ``waiting_for``: it is
    listed with no figure, never a made-up one.

    ``unit`` is ``"percent"`` (one decimal) or ``"per_10k"`` (per 10,000, two decimals);
    ``direction`` says whether ``"higher"`` or ``"lower"`` is better; ``targets`` maps a level
    of the tree (``"community"``) to the value to reach there. ``track_falls`` asks for the
    run of years in which the value fell (万人发案率). ``sampled`` says the figure comes
    from a sample (a survey's answers): it is shown with its sample size (the denominator) and
    its 95% confidence interval, so that "98%" reads as what it is.

    ``rows`` names ``"module:function"`` called with the node, the first and the last day of
    the period and the reader, answering an ``IndicatorRows``: the rows behind the figure,
    read through the module's own scoped selectors, so a reader sees only the rows of the
    figure that are within their scope.
    """

    code: str
    name: Any
    unit: str
    direction: str
    counter: str = ""
    targets: Mapping[str, Decimal] = field(default_factory=dict, hash=False)
    waiting_for: Any = ""
    track_falls: bool = False
    sampled: bool = False
    order: int = 0
    rows: str = ""

    def __post_init__(self) -> None:
        if self.unit not in INDICATOR_UNITS:
            raise ValueError(f"indicator {self.code}: unit must be one of {INDICATOR_UNITS}")
        if self.direction not in INDICATOR_DIRECTIONS:
            raise ValueError(f"indicator {self.code}: direction must be {INDICATOR_DIRECTIONS}")


@dataclass(frozen=True)
class IndicatorRows:
    """The rows behind one figure (``IndicatorSpec.rows``), as the figure's page lists them.

    ``numerator`` and ``denominator`` are querysets (or lists) of the rows counted, already
    narrowed to the reader's scope; the page pages through them and shows each through
    ``row(item) -> (cells, url)``, one cell per ``columns`` entry and a link to the row's own
    page ("" for none). A side that cannot be listed row by row (residents counted by their
    stays) is None and ``note`` says why, in words a user reads.
    """

    columns: tuple[Any, ...]
    row: Callable[[Any], tuple[list[Any], str]]
    numerator: Any = None
    denominator: Any = None
    note: Any = ""


@dataclass(frozen=True)
class WorkerFigure:
    """One figure of a grid worker's scorecard (网格员考核), as a module counts it.

    A ``worker_figures`` entry names ``"module:function"`` called with the worker's account
    and the first and last day of a period (both included), answering a list of these:
    ``label`` (走访户次), ``value`` (a count), ``unit`` (户, 件) and, where there is one, ``link``
    to the rows behind the figure. ``flag`` marks a data-quality flag (a count that should be
    zero), shown apart from the work done.
    """

    key: str
    label: Any
    value: int
    unit: Any = ""
    link: str = ""
    flag: bool = False


@dataclass(frozen=True)
class Plugin:
    """What one app adds to the platform. Every dotted path is imported only when used."""

    name: str
    permissions: tuple[Permission, ...] = ()
    urls: tuple[Mount, ...] = ()
    api_routers: tuple[str, ...] = ()  # "grassroots.registry.api:router"
    commands: str = ""  # a module with register(subparsers)
    demo_seeds: str = ""  # a module whose @demo_seeder functions fill the demo district
    scope_samples: str = ""  # test support: a module calling register_sample(...)
    navigation: tuple[NavEntry, ...] = ()
    tree_tallies: tuple[TreeTally, ...] = ()
    tree_sections: tuple[NodeSection, ...] = ()
    listeners: tuple[Listener, ...] = ()
    home_panels: tuple[HomePanel, ...] = ()
    # The module's own audit actions, as (code, label): ("wish_changed", "微心愿状态变更").
    audit_actions: tuple[tuple[str, str], ...] = ()
    # How the audit log words the details and the objects its actions record.
    audit_details: tuple[AuditDetail, ...] = ()
    audit_targets: tuple[AuditTarget, ...] = ()
    # Folders under uploads/ holding working copies of personal data (import files): each
    # file is deleted within 24 hours at the latest (kernel/uploads.py).
    transient_uploads: tuple[str, ...] = ()
    # "module:function" called with a kernel.personal.DataSubject, returning the app's
    # PersonalSheet list about that person, for an access request (kernel/personal.py).
    personal_data: str = ""
    # The indicators of results the module counts (IndicatorSpec), by code.
    indicators: tuple[IndicatorSpec, ...] = ()
    # "module:function(account, first, last) -> list[WorkerFigure]": the module's part of a
    # grid worker's scorecard (网格员考核).
    worker_figures: tuple[str, ...] = ()


def installed_plugins(app_names: Iterable[str] | None = None) -> tuple[Plugin, ...]:
    """The plugins of the installed apps, in ``INSTALLED_APPS`` order.

    With ``app_names`` the given apps are read without Django's app registry (the ``grassroots``
    command does this before Django is set up); otherwise the registry says which apps are in.
    """
    if app_names is None:
        from django.apps import apps

        app_names = [config.name for config in apps.get_app_configs()]
    return _plugins(tuple(app_names))


@cache
def _plugins(app_names: tuple[str, ...]) -> tuple[Plugin, ...]:
    found = []
    for name in app_names:
        if find_spec(name) is None or find_spec(f"{name}.plugin") is None:
            continue
        plugin = getattr(import_module(f"{name}.plugin"), "plugin", None)
        if not isinstance(plugin, Plugin):
            raise TypeError(f"{name}.plugin must define plugin = Plugin(...)")
        found.append(plugin)
    return tuple(found)


def load(dotted: str) -> Any:
    """The object a declaration names: ``"module:attribute"``, or a module by its dotted name."""
    module_name, _, attribute = dotted.partition(":")
    module = import_module(module_name)
    return getattr(module, attribute) if attribute else module


def notify(event: str, **arguments: Any) -> None:
    """Call every installed app's listener for ``event``, in ``INSTALLED_APPS`` order."""
    for plugin in installed_plugins():
        for listener in plugin.listeners:
            if listener.event == event:
                load(listener.handler)(**arguments)
