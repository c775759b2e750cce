"""The areas of ``mentoring`` depend one way: each imports only the layers below it.

An area is a package or a top-level module under ``mentoring/``. The layers are declared here,
lowest first, and checked from every module's imports (read from its source, so imports inside
functions and under ``TYPE_CHECKING`` count too). Areas in the same layer may not import each
other either. A second check refuses imports of our own code inside function bodies, the usual
way to dodge an import cycle, except where wiring happens: the app factory, ``init_app``
functions and CLI commands. Third-party modules loaded on first use (a large word list, a
development-only dependency) are not cycles and are not counted.

``KNOWN_UPWARD`` and ``KNOWN_LOCAL_IMPORTS`` are the debts left from before the layers were
declared (issue 16); each entry fails the test once it is paid, so the lists only shrink.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mentoring"
OURS = ("mentoring", "matching", "notifications")
FACTORY = "<factory>"  # mentoring/__init__.py: create_app and its register_* steps

LAYERS: tuple[tuple[str, ...], ...] = (
    # foundations: no imports of ours, or only of each other below
    (
        "paths",
        "errors",
        "db",
        "vocabulary",
        "cell_safety",
        "small_counts",
        "navigation",
        "i18n",
        "formfields",
    ),
    ("mailer", "connections", "devmail"),
    ("web", "signed_links", "security"),
    ("config", "extensions"),
    ("error_handlers", "readiness"),
    ("changes",),  # each table's change counter, and results cached against them
    ("api",),  # the JSON API's tools (guards, fields, OpenAPI) and its core endpoints
    # people and who did what
    ("users",),  # who can sign in and the roles they hold: the rows every area points at
    ("outbox",),  # queueing an email with a change (rows, opt-outs, recipients), for any area
    ("audit",),
    ("accounts",),
    ("consents",),  # what people agreed to; giving and withdrawing it is privacy's
    ("locking",),  # row locks on people and objects, for the areas that book and assign
    ("two_factor",),
    ("programmes",),
    ("profiles",),
    ("activity",),  # what people do and when they last did anything
    # the organisation's goals and gaps, then the product's verbs
    ("workplace",),
    ("trainings",),
    ("matches",),
    ("groups",),
    ("bookings",),
    ("conversations",),
    ("competence",),  # closing workplace gaps with trainings and ambassadors
    # readers of everything below: reminders, dashboards, personal data, operators
    ("notices",),
    ("engagement",),
    ("privacy",),
    ("operations",),
    ("roster", "home", "admin", "demo"),
    ("commands", "template_helpers", "models"),
    (FACTORY,),
)

# Areas in one layer that may import each other, in the direction given.
SAME_LAYER: frozenset[tuple[str, str]] = frozenset()

# (importing area, imported area) pairs that still go upward; remove an entry with its last import.
KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset()

# (module, function) pairs that still import our code inside a function body.
KNOWN_LOCAL_IMPORTS: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. mentoring.matches.people
    target: str  # the imported module or name, e.g. mentoring.engagement.records
    line: int
    functions: tuple[str, ...]  # enclosing functions, outermost first; () at module level
    decorators: tuple[str, ...]  # the enclosing functions' decorators, as source text


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def area_of(module: str) -> str | None:
    """The area of a module of ours under ``mentoring``; ``None`` for anything else."""
    parts = module.split(".")
    if parts[0] != "mentoring":
        return None
    return parts[1] if len(parts) > 1 else FACTORY


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.functions: list[str] = []
        self.decorators: list[str] = []
        self.found: list[Import] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.decorators.extend(ast.unparse(d) for d in node.decorator_list)
        self.generic_visit(node)
        del self.decorators[len(self.decorators) - len(node.decorator_list) :]
        self.functions.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def _add(self, target: str, line: int) -> None:
        self.found.append(
            Import(self.module, target, line, tuple(self.functions), tuple(self.decorators))
        )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - node.level + 1]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        if source == "mentoring" or not node.module:
            # `from mentoring import accounts` imports the area itself
            for alias in node.names:
                self._add(f"{source}.{alias.name}", node.lineno)
        else:
            self._add(source, node.lineno)


def imports() -> Iterator[Import]:
    """Every import statement in every module under ``mentoring/``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        collector = _Collector(module_name(path), path.name == "__init__.py")
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        yield from collector.found


def layer_of() -> dict[str, int]:
    return {area: index for index, layer in enumerate(LAYERS) for area in layer}


def upward_imports() -> dict[tuple[str, str], list[str]]:
    """(importing area, imported area) -> where, for each import that is not downward."""
    layers = layer_of()
    found: dict[tuple[str, str], list[str]] = {}
    for imp in imports():
        source, target = area_of(imp.module), area_of(imp.target)
        if source is None or target is None or source == target or source == FACTORY:
            continue
        if layers[target] < layers[source]:
            continue
        if layers[target] == layers[source] and (source, target) in SAME_LAYER:
            continue
        found.setdefault((source, target), []).append(f"{imp.module}:{imp.line} {imp.target}")
    return found


def _wiring(imp: Import) -> bool:
    """Imports where an app is wired: the factory, ``init_app`` and CLI commands."""
    if area_of(imp.module) == FACTORY:
        return True
    return "init_app" in imp.functions or any("command" in d for d in imp.decorators)


def local_imports() -> dict[tuple[str, str], list[str]]:
    """(module, outermost function) -> imports of our code inside function bodies."""
    found: dict[tuple[str, str], list[str]] = {}
    for imp in imports():
        if not imp.functions or imp.target.split(".")[0] not in OURS or _wiring(imp):
            continue
        key = (imp.module, imp.functions[0])
        found.setdefault(key, []).append(f"{imp.module}:{imp.line} {imp.target}")
    return found


def test_every_area_has_one_layer() -> None:
    declared = [area for layer in LAYERS for area in layer]
    assert len(declared) == len(set(declared)), "an area is named in two layers"
    present = {area_of(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert present - set(declared) == set(), "undeclared areas: give them a layer"
    assert set(declared) - present == set(), "declared areas that do not exist"


def test_declared_same_layer_imports_are_in_one_layer() -> None:
    layers = layer_of()
    assert [pair for pair in SAME_LAYER if layers[pair[0]] != layers[pair[1]]] == []


def test_areas_import_only_lower_layers() -> None:
    found = upward_imports()
    new = {pair: where for pair, where in found.items() if pair not in KNOWN_UPWARD}
    assert new == {}, "an area imports one above it (or beside it): move the shared question down"
    paid = KNOWN_UPWARD - set(found)
    assert paid == set(), "these pairs import one way now: remove them from KNOWN_UPWARD"


def test_no_imports_of_our_code_inside_functions() -> None:
    found = local_imports()
    new = {key: where for key, where in found.items() if key not in KNOWN_LOCAL_IMPORTS}
    assert new == {}, "import at the top of the module (an import in a function hides a cycle)"
    paid = KNOWN_LOCAL_IMPORTS - set(found)
    assert paid == set(), "these functions import nothing now: remove them from the known list"


def test_the_checks_see_upward_and_local_imports(tmp_path: Path) -> None:
    source = "def f():\n    from mentoring.engagement.records import save_indicators\n"
    collector = _Collector("mentoring.accounts.services", is_package=False)
    collector.visit(ast.parse(source))
    [imp] = collector.found
    assert (area_of(imp.module), area_of(imp.target)) == ("accounts", "engagement")
    assert layer_of()["accounts"] < layer_of()["engagement"]
    assert imp.functions == ("f",) and not _wiring(imp)


def test_relative_imports_resolve_to_their_area() -> None:
    collector = _Collector("mentoring.notices", is_package=True)
    collector.visit(ast.parse("from . import cli\nfrom ..matches import runs\n"))
    assert [i.target for i in collector.found] == ["mentoring.notices.cli", "mentoring.matches"]
