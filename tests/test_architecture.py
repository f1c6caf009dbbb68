"""House rules kept by a test rather than by review (docs/architecture.md says why).

Every module under ``src/grassroots`` is read as text and its imports parsed, function-level
imports included: a loop hidden inside a function is still a loop.
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grassroots

PACKAGE = Path(grassroots.__file__).parent
ROOT = "grassroots"
# Packages that are no app: the kernel, the frame apps build on, and the shell above them.
KERNEL = "kernel"
FRAME = {"web", "api", "cli"}
TOP = {"site", "demo"}  # may import any app; only demo.hooks is imported back (by demo seeds)
DOMAIN = {"models", "services", "selectors"}
PRESENTATION = {"views", "api", "cli", "forms", "urls"}
# Calls a page or API module leaves to services (writes) and selectors (scoped reads).
WRITES = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "atomic",
}  # not "update": dicts have it too, and a queryset to update comes from .objects anyway
READS = {"visible_to", "objects"}


@dataclass(frozen=True)
class Module:
    path: Path
    name: str  # grassroots.registry.views
    source: str | None = None  # read from path unless given

    @property
    def package(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else "__init__"

    @property
    def rel(self) -> str:
        return str(self.path.relative_to(PACKAGE))

    @property
    def is_test(self) -> bool:
        return "tests" in self.path.parts

    @property
    def is_test_support(self) -> bool:
        return self.is_test or self.path.name == "testing.py" or self.package == "testing"

    def role(self) -> str:
        """What the file is for, from where it sits: ``views.py`` or ``views/*.py`` alike."""
        parts = self.path.relative_to(PACKAGE).parts
        if len(parts) >= 3 and parts[1] in {"views", "services", "selectors", "importer"}:
            return parts[1]
        return Path(parts[-1]).stem

    def tree(self) -> ast.Module:
        return ast.parse(self.source or self.path.read_text(encoding="utf-8"))

    def imports(self) -> Iterator[str]:
        for node in ast.walk(self.tree()):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = self.name.split(".")
                    if self.path.name != "__init__.py":
                        base = base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    yield ".".join([*base, *([node.module] if node.module else [])])
                elif node.module:
                    yield node.module
            elif isinstance(node, ast.Import):
                yield from (alias.name for alias in node.names)


def _modules() -> list[Module]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(Module(path=path, name=".".join(parts)))
    return found


MODULES = _modules()
SOURCE = [m for m in MODULES if not m.is_test]


def _package_of(imported: str) -> str | None:
    parts = imported.split(".")
    return parts[1] if parts[0] == ROOT and len(parts) > 1 else None


def _package_graph(modules: list[Module]) -> dict[str, dict[str, list[str]]]:
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module in modules:
        for imported in module.imports():
            target = _package_of(imported)
            if target and target != module.package:
                graph[module.package][target].append(f"{module.rel} imports {imported}")
    return graph


def _find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str]:
    """One cycle between packages as the imports that make it, or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, {})):
            if state.get(target) == 1:
                loop = [*stack[stack.index(target) :], target]
                return [graph[a][b][0] for a, b in itertools.pairwise(loop)]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_import_cycle_between_top_level_packages():
    cycle = _find_cycle(_package_graph(SOURCE))
    assert not cycle, "a loop between packages:\n" + "\n".join(cycle)


def test_the_cycle_finder_finds_a_loop_it_is_shown():
    graph = {
        "a": {"b": ["a/x.py imports b"]},
        "b": {"c": ["b/y.py imports c"]},
        "c": {"a": ["c/z.py imports a"]},
    }
    assert _find_cycle(graph) == ["a/x.py imports b", "b/y.py imports c", "c/z.py imports a"]
    assert _find_cycle({"a": {"b": ["a/x.py imports b"]}}) == []


def test_the_kernel_imports_no_other_grassroots_package():
    offenders = [
        f"{m.rel} imports {imported}"
        for m in SOURCE
        if m.package == KERNEL
        for imported in m.imports()
        if _package_of(imported) not in (None, KERNEL)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_frame_imports_only_the_kernel():
    allowed = {None, KERNEL, "datadir", "settings"}
    offenders = [
        f"{m.rel} imports {imported}"
        for m in SOURCE
        if m.package in FRAME and not m.is_test_support
        for imported in m.imports()
        if _package_of(imported) not in allowed | {m.package}
        and not (m.package == "cli" and _package_of(imported) == "cli")
    ]
    assert not offenders, "\n".join(offenders)


def test_no_app_imports_the_site():
    offenders = [
        f"{m.rel} imports {imported}"
        for m in SOURCE
        if m.package not in TOP and not m.is_test_support
        for imported in m.imports()
        if _package_of(imported) == "site"
    ]
    assert not offenders, "\n".join(offenders)


def test_production_code_never_imports_test_support():
    offenders = [
        f"{m.rel} imports {imported}"
        for m in SOURCE
        if not m.is_test_support
        for imported in m.imports()
        if _package_of(imported) == "testing"
        or imported.endswith(".testing")
        or ".tests" in imported
    ]
    assert not offenders, "\n".join(offenders)


def test_the_domain_never_imports_views_api_or_commands():
    offenders = [
        f"{m.rel} imports {imported}"
        for m in SOURCE
        if m.role() in DOMAIN
        for imported in m.imports()
        if imported.startswith(f"{ROOT}.") and imported.split(".")[-1] in PRESENTATION
    ]
    assert not offenders, "\n".join(offenders)


def _calls(module: Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(module.tree()):
        if isinstance(node, ast.Attribute):
            yield node.lineno, node.attr


# What a page answers with; a function taking ``request`` that builds one of these is a view.
RESPONSES = {
    "render",
    "redirect",
    "HttpResponse",
    "JsonResponse",
    "FileResponse",
    "StreamingHttpResponse",
    "TemplateResponse",
    "HttpResponseRedirect",
}


def _answers_requests(function: ast.FunctionDef) -> bool:
    args = function.args.args
    if not args or args[0].arg != "request" or function.name.startswith("_"):
        return False
    called = {
        getattr(node.func, "id", getattr(node.func, "attr", ""))
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
    }
    return bool(function.decorator_list) or bool(called & RESPONSES)


def _is_page_or_api(module: Module) -> bool:
    """A module that answers requests: it builds ninja routers, or has module-level functions
    that take the request and answer with a page, or are decorated as views."""
    if module.is_test_support or module.package in TOP | FRAME | {KERNEL}:
        return False
    tree = module.tree()
    if any(
        isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Router"
        for node in ast.walk(tree)
    ):
        return True
    return any(isinstance(node, ast.FunctionDef) and _answers_requests(node) for node in tree.body)


PAGES_AND_APIS = [m for m in SOURCE if _is_page_or_api(m)]


def test_pages_live_in_views_and_the_api_in_api():
    misplaced = [m.rel for m in PAGES_AND_APIS if m.role() not in {"views", "api"}]
    assert not misplaced, "request handlers outside views.py, views/ or api.py:\n" + "\n".join(
        misplaced
    )


def _handler_offences(module: Module) -> list[str]:
    return [
        f"{module.rel}:{line} calls .{name}() (a service or a selector's job)"
        for line, name in _calls(module)
        if name in WRITES | READS
    ]


def test_views_and_api_neither_write_nor_filter_by_themselves():
    offenders = [o for m in PAGES_AND_APIS for o in _handler_offences(m)]
    assert not offenders, "\n".join(offenders)


def test_visible_to_is_called_only_in_selectors():
    # A scope rule (an app's scope.py) says which rows a user reads; it may ask what the user
    # sees of another model to say so.
    allowed_roles = {"selectors", "models", "scope"}
    offenders = [
        f"{m.rel}:{line}"
        for m in SOURCE
        if not m.is_test_support and m.package != KERNEL and m.role() not in allowed_roles
        for line, name in _calls(m)
        if name == "visible_to"
    ]
    assert not offenders, "visible_to outside a selector:\n" + "\n".join(offenders)


# Calls that only a write makes (save, create and delete are left out: documents and files
# have them too; page and API modules are held to those as well, above).
TRANSACTIONAL = {"atomic", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def _writes_outside_services(module: Module) -> list[str]:
    if module.is_test_support or module.package in {KERNEL, "demo"}:
        return []
    if module.role() in {"services", "importer", "models", "demo_seeds"}:
        return []
    return [
        f"{module.rel}:{line} calls .{name}()"
        for line, name in _calls(module)
        if name in TRANSACTIONAL
    ]


def test_writes_live_in_services():
    """A transaction or a bulk write outside a service is a write under another name."""
    offenders = [o for m in SOURCE for o in _writes_outside_services(m)]
    assert not offenders, "writes outside services:\n" + "\n".join(offenders)


def test_the_rules_see_a_write_under_another_name():
    source = "def import_orders(rows):\n    with transaction.atomic():\n        pass\n"
    elsewhere = Module(PACKAGE / "demands" / "importing.py", "grassroots.demands.importing", source)
    assert _writes_outside_services(elsewhere) == ["demands/importing.py:2 calls .atomic()"]
    inside = Module(
        PACKAGE / "demands" / "services" / "importing.py",
        "grassroots.demands.services.importing",
        source,
    )
    assert _writes_outside_services(inside) == []


def test_only_services_selectors_models_and_importers_go_around_the_orm():
    """kernel.db writes and reads rows without save(), signals or visible_to: a service, a
    selector, a model or an import engine may use it, with the reason beside the call."""
    allowed = {"services", "selectors", "models", "importer"}
    offenders = [
        f"{m.rel} imports {imported}"
        for m in SOURCE
        if m.package != KERNEL and not m.is_test_support and m.role() not in allowed
        for imported in m.imports()
        if imported.startswith(f"{ROOT}.{KERNEL}.db")
    ]
    assert not offenders, "\n".join(offenders)


def test_the_rules_see_a_view_that_filters_or_writes_by_itself():
    source = (
        "def page(request):\n"
        "    rows = Thing.objects.visible_to(request.user)\n"
        "    rows.first().save()\n"
        "    return render(request, 'page.html')\n"
    )
    view = Module(
        PACKAGE / "demands" / "views" / "rates.py", "grassroots.demands.views.rates", source
    )
    assert view.role() == "views" and _is_page_or_api(view)
    assert sorted(o.split(" ")[0] for o in _handler_offences(view)) == [
        "demands/views/rates.py:2",
        "demands/views/rates.py:2",
        "demands/views/rates.py:3",
    ]
    elsewhere = Module(
        PACKAGE / "demands" / "rates_pages.py", "grassroots.demands.rates_pages", source
    )
    assert elsewhere.role() == "rates_pages" and _is_page_or_api(elsewhere)
    service = Module(
        PACKAGE / "demands" / "services.py",
        "grassroots.demands.services",
        "def sign_in(request, name):\n    return Account.objects.get(name=name)\n",
    )
    assert not _is_page_or_api(service)
