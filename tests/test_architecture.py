"""The layer rules of ARCHITECTURE.md, checked by import-linter (contracts in pyproject.toml):
imports go one way (cli/app → ui|demo → printing|sync|reports → services → db → domain), the
domain imports no I/O, database, Qt or PDF library, and the UI never touches the database.
No two sbpdesk modules import each other, even through others (found with `ast`)."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        pytest.fail("import-linter is not installed (pip install -e '.[dev]')")
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_the_domain_reads_no_clock_and_uses_no_float():
    """The domain gets dates passed in and keeps money in int and rates in Decimal."""
    pattern = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time|float)\(")
    offenders = [f"{path.name}: {m.group(0)}"
                 for path in (ROOT / "sbpdesk" / "domain").glob("*.py")
                 for m in pattern.finditer(path.read_text("utf-8"))]
    assert offenders == []


# --- import circles ---------------------------------------------------------------------------
# Every import counts: at the top, inside a function (the lazy imports of decision 0044) or
# under `if TYPE_CHECKING:` — a reader follows them all.

TOLERATED: tuple[frozenset[str], ...] = (  # none: every circle of issue 12 is open
)


def _modules(root: Path) -> dict[str, Path]:
    out = {}
    for path in (root / "sbpdesk").rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The sbpdesk modules `name` imports (a name imported from a package that is itself a
    module counts as that module)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                      for a in node.names}
    return {m for m in found if m in modules and m != name}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(cycles)


def test_the_cycle_finder_finds_a_circle_and_only_that():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert import_cycles(graph) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles_among_sbpdesk_modules():
    modules = _modules(ROOT)
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert "sbpdesk.sync.exchange" in graph["sbpdesk.sync.enrol"]   # lazy imports are seen
    assert [c for c in import_cycles(graph)
            if not any(set(c) <= group for group in TOLERATED)] == []


# --- the UI only asks services ----------------------------------------------------------------
# Issue 12: pages neither manage the book's read snapshots or transactions (the worker's
# `read`/`write` do) nor reach into the book's reference data (`reference.programme_names`…).

BOOK_INTERNALS = {"end_read", "transaction", "refs"}


def book_internals_used(source: str) -> list[str]:
    """`x.end_read`, `x.transaction`, `x.refs` and `posting.post` in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and (
                node.attr in BOOK_INTERNALS
                or (node.attr == "post" and isinstance(node.value, ast.Name)
                    and node.value.id == "posting")):
            found.append((node.lineno, f"{node.lineno}: .{node.attr}"))
    return [text for _, text in sorted(found)]


def test_the_book_internals_finder_finds_them():
    assert book_internals_used("book.end_read()\nwith b.transaction(): pass\nx = book.refs\n"
                               "posting.post(book, 'k', {})\nbook.user\n") == [
        "1: .end_read", "2: .transaction", "3: .refs", "4: .post"]


def test_the_ui_never_handles_the_books_reads_transactions_or_refs():
    paths = [p for p in (ROOT / "sbpdesk" / "ui").rglob("*.py") if p.name != "worker.py"]
    paths.append(ROOT / "sbpdesk" / "app.py")
    offenders = {str(p.relative_to(ROOT)): used for p in paths
                 if (used := book_internals_used(p.read_text("utf-8")))}
    assert offenders == {}


def test_only_services_post_operations():
    """Issue 12: the UI, the CLI, the demo, sync, the core bridge and printing write through
    the services' typed verbs; `posting.post(kind, payload)` is the services' own (and the
    generic `sbpdesk post KIND --json` reaches it through `services.idempotency`)."""
    offenders = {}
    for path in (ROOT / "sbpdesk").rglob("*.py"):
        if path.relative_to(ROOT / "sbpdesk").parts[0] == "services":
            continue
        posts = [u for u in book_internals_used(path.read_text("utf-8")) if u.endswith(".post")]
        if posts:
            offenders[str(path.relative_to(ROOT))] = posts
    assert offenders == {}


def test_printing_records_through_services_and_opens_no_transaction():
    """Printing renders: the print register's transaction is `services.prints`'s own."""
    offenders = {str(p.relative_to(ROOT)): used
                 for p in (ROOT / "sbpdesk" / "printing").rglob("*.py")
                 if (used := [u for u in book_internals_used(p.read_text("utf-8"))
                              if not u.endswith(".end_read")])}
    assert offenders == {}
