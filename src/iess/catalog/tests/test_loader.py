from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from iess.catalog import loader
from iess.catalog.models import LoaderWarning, Procedure, TransparencyRecord
from iess.catalog.services import procedures_load


def _load() -> str:
    out = StringIO()
    call_command("catalog_load", stdout=out)
    return out.getvalue()


def _counts():
    return (
        Procedure.objects.count(),
        TransparencyRecord.objects.count(),
        LoaderWarning.objects.count(),
        sorted(Procedure.objects.values_list("slug", "search_text", "facets")),
    )


@pytest.mark.django_db
def test_loading_twice_gives_the_same_rows():
    _load()
    first = _counts()
    output = _load()
    assert _counts() == first
    assert first[0] == 5
    assert first[1] == 24 + 28
    assert "5 trámites (0 nuevos)" in output


@pytest.mark.django_db
def test_published_defects_are_printed_and_stored():
    output = _load()
    stored = {
        (w.procedure.slug, w.rule, w.field)
        for w in LoaderWarning.objects.select_related("procedure")
    }
    assert stored == {
        ("certificado-no-afiliacion-extranjeros", "email", "contact.email"),
        ("certificado-no-afiliacion-extranjeros", "required", "legal_basis"),
        ("clave-patronal-portal", "domain", "steps[1].items[0].paragraphs[0]"),
        ("clave-patronal-portal", "required", "contact.email"),
        ("clave-patronal-portal", "required", "legal_basis"),
        ("clave-afiliado-portal", "domain", "hours"),
        ("clave-afiliado-portal", "required", "contact.email"),
        ("clave-afiliado-portal", "required", "legal_basis"),
    }
    for text in (
        "atencionalusuari@iess.gob.ec",
        "app.iesg.gob.ec",
        "app.iesse.gob.ec",
        "Base Legal",
    ):
        assert text in output
    assert "ADVERTENCIA" in output


def _sheet(**changes) -> dict:
    data = yaml.safe_load((loader.PROCEDURES_DIR / "04-afiliacion-voluntaria.yaml").read_text())
    data.update(changes)
    return data


def test_rules_are_general_not_per_sheet():
    checks = loader.checks_read()
    clean = _sheet()
    assert loader.sheet_check(clean, checks) == []
    bad = _sheet(
        cost="Ver https://www.example.com/costos",
        contact={"office": "X", "email": "quejas@iess.gob.ec", "phone": "1"},
        legal_basis=[],
    )
    rules = sorted((w.rule, w.field) for w in loader.sheet_check(bad, checks))
    assert rules == [("domain", "cost"), ("email", "contact.email"), ("required", "legal_basis")]


def test_a_subdomain_of_the_institution_is_fine():
    checks = loader.checks_read()
    data = _sheet(hours="https://app.iess.gob.ec/x y www.iess.gob.ec.")
    assert loader.sheet_check(data, checks) == []


@pytest.mark.django_db
def test_a_file_that_breaks_the_schema_is_refused(tmp_path: Path):
    data = _sheet()
    del data["steps"]
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    before = list(Procedure.objects.values_list("slug", "name", "search_text"))
    with pytest.raises(loader.SheetError, match="steps"):
        procedures_load(directory=tmp_path)
    assert list(Procedure.objects.values_list("slug", "name", "search_text")) == before


@pytest.mark.django_db
def test_a_removed_or_corrected_month_follows_the_file_on_reload(tmp_path: Path):
    data = _sheet()
    (tmp_path / "04.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    procedures_load(directory=tmp_path)
    data["transparency"] = data["transparency"][:3]
    data["transparency"][0]["attentions"] = 1
    (tmp_path / "04.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    procedures_load(directory=tmp_path)
    records = TransparencyRecord.objects.filter(procedure__slug=data["slug"])
    assert records.count() == 3
    assert records.get(year=2026, month=4).attentions == 1


def test_search_text_has_no_accents():
    assert loader.text_normalize("AFILIACIÓN Voluntaria Ñandú") == "afiliacion voluntaria nandu"


@pytest.mark.django_db
def test_demo_load_leaves_the_catalog_and_is_idempotent():
    from iess.catalog import demo

    first = demo.load()
    assert demo.load() == first == {"procedures": 5, "loader_warnings": 8}
    assert Procedure.objects.count() == 5


@pytest.mark.django_db
def test_selector_for_the_turnero():
    from iess.catalog.selectors import procedure_list

    _load()
    assert list(procedure_list(needs_appointment=True).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]
