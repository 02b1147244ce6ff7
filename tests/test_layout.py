"""The architecture's rules, checked: small files, thin pages, an engine without Streamlit."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted(p for folder in ("lstm_core", "ui") for p in (ROOT / folder).rglob("*.py")
              if "strings" not in p.relative_to(ROOT).parts)          # translation tables aside
PAGES = sorted((ROOT / "pages").glob("*.py"))


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path):
    assert lines(path) <= 400


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_page_is_over_250_lines(path):
    assert lines(path) <= 250


@pytest.mark.parametrize("path", sorted((ROOT / "lstm_core").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_engine_never_imports_streamlit(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] == "streamlit"]


def test_the_rules_see_the_files():
    assert len(CODE) > 40 and len(PAGES) >= 6
