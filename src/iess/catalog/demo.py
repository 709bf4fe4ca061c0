"""The catalog in the demo: the five official sheets (same as `manage.py catalog_load`), so
`demo_load` alone also leaves a complete catalog for the other apps' demo data."""

from iess.catalog.services import procedures_load


def load() -> dict[str, int]:
    report = procedures_load()
    return {"procedures": report.procedures, "loader_warnings": len(report.warnings)}
