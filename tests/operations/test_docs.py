"""The operations and architecture documents stay true to the tree: every alert's runbook is a
heading of docs/operations.md, and every file, folder and ADR that docs/architecture.md names
exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _anchor(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    return {_anchor(line.lstrip("#")) for line in markdown.splitlines() if line.startswith("#")}


def test_every_alert_has_its_runbook_in_operations() -> None:
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    anchors = _anchors((DOCS / "operations.md").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            document, anchor = rule["annotations"]["runbook"].split("#")
            assert document == "docs/operations.md"
            assert anchor in anchors, (rule["alert"], anchor)


def test_operations_covers_what_an_operator_needs() -> None:
    anchors = _anchors((DOCS / "operations.md").read_text())
    assert {
        "settings",
        "scaling",
        "backup-and-restore",
        "key-rotation",
        "retention",
        "runbooks",
    } <= anchors


def test_the_architecture_names_only_what_exists() -> None:
    text = (DOCS / "architecture.md").read_text()
    paths = set(
        re.findall(
            r"`((?:domain|application|adapters|entrypoints|inference_onnx|tests)"
            r"/[\w/.]*?)(?::\w+)?`",
            text,
        )
    )
    assert len(paths) > 20, paths
    for path in paths:
        assert (ROOT / path).exists(), path
    # Adapter modules in the ports table are named from adapters/ (`kafka/worker.py`).
    relative = set(re.findall(r"`(\w+/[\w/.]+\.py)`", text)) - paths
    assert len(relative) > 20, relative
    for path in relative:
        assert (ROOT / "adapters" / path).exists(), path
    for folder in re.findall(r"`(\w+)/` ", text):  # adapter folders named alone
        assert (
            (ROOT / "adapters" / folder).is_dir()
            or (ROOT / folder).is_dir()
            or (ROOT / "entrypoints" / folder).is_dir()
        ), folder
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert any(link.startswith("adr/") for link in links)
    for link in links:
        assert (DOCS / link).exists(), link
    assert "```mermaid" in text


def test_the_readme_links_the_architecture() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text()
