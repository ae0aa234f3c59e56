"""docs/architecture.md draws the floors from the import-linter contract in
pyproject.toml; these keep the two, and the apps on disk, in step."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def contract(contract_id: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["id"] == contract_id)


def documented_floors() -> list[str]:
    page = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(r"```floors\n(.*?)```", page, re.S)
    assert block, "docs/architecture.md has lost its floors block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def apps_on_disk() -> set[str]:
    return {p.parent.name for p in (ROOT / "masthead").glob("*/apps.py")}


def test_the_documented_floors_are_the_contracts_floors():
    assert documented_floors() == contract("floors")["layers"]


def test_every_app_stands_on_a_floor_and_is_kept_from_test_code():
    on_floors = {name.strip("() ") for floor in contract("floors")["layers"] for name in floor.split("|")}
    assert apps_on_disk() <= on_floors
    sources = set(contract("no-test-code")["source_modules"])
    assert {f"masthead.{app}" for app in apps_on_disk()} <= sources
