"""House rules kept by a test rather than by review: layer direction and module size."""

import ast
from pathlib import Path

import grassroots

PACKAGE = Path(grassroots.__file__).parent
DOMAIN_MODULES = {"models.py", "services.py", "selectors.py"}
PRESENTATION = ("views", "api", "cli", "forms", "urls")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def _source_files():
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        yield path


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_domain_never_imports_views_api_or_commands():
    offenders = []
    for path in _source_files():
        if path.name not in DOMAIN_MODULES:
            continue
        for module in _imported_modules(path):
            parts = module.split(".")
            if parts[0] == "grassroots" and parts[-1] in PRESENTATION:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not offenders, "\n".join(offenders)


def test_no_module_grows_past_the_size_limit():
    too_long = [
        f"{path.relative_to(PACKAGE)}: {n} lines"
        for path in _source_files()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not too_long, "\n".join(too_long)


def test_no_function_grows_past_the_size_limit():
    too_long = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(PACKAGE)}:{node.name}: {length} lines")
    assert not too_long, "\n".join(too_long)
