import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from iess.catalog.models import REQUIREMENT_KINDS, Procedure

LIST_URL = "/tramites/"


def _slugs(response) -> list[str]:
    return re.findall(r'href="/tramites/([\w-]+)/"', response.content.decode())


def test_list_shows_every_procedure(client, catalog):
    response = client.get(reverse("catalog:procedure_list"))
    assert response.status_code == 200
    assert _slugs(response) == list(Procedure.objects.values_list("slug", flat=True))
    assert len(_slugs(response)) == 5


@pytest.mark.parametrize("query", ["afiliacion", "AFILIACIÓN", "Afiliación voluntaria"])
def test_search_ignores_accents_and_case(client, catalog, query):
    slugs = _slugs(client.get(LIST_URL, {"q": query}))
    assert "afiliacion-voluntaria" in slugs
    assert "clave-patronal-portal" not in slugs


def test_search_in_english_names(client, catalog):
    assert _slugs(client.get(LIST_URL, {"q": "employer password"})) == ["clave-patronal-portal"]


def test_search_with_no_result_says_so(client, catalog):
    response = client.get(LIST_URL, {"q": "jubilación por invalidez"})
    assert _slugs(response) == []
    assert "Ningún trámite coincide" in response.content.decode()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"audience": "persona-juridica-publica"}, ["clave-patronal-portal"]),
        ({"audience": "persona-juridica-privada"}, ["clave-patronal-portal"]),
        (
            {"audience": "persona-natural-ecuatoriana"},
            ["clave-patronal-portal", "afiliacion-voluntaria", "clave-afiliado-portal"],
        ),
        ({"audience": "persona-natural-extranjera"}, None),
        (
            {"channel": "online"},
            ["clave-patronal-portal", "afiliacion-voluntaria", "clave-afiliado-portal"],
        ),
        (
            {"channel": "counter"},
            [
                "codigo-extranjero-trabajador-independiente",
                "certificado-no-afiliacion-extranjeros",
                "clave-patronal-portal",
            ],
        ),
        (
            {"channel": "online", "q": "clave", "audience": "persona-natural-extranjera"},
            ["clave-patronal-portal", "clave-afiliado-portal"],
        ),
    ],
)
def test_filters(client, catalog, filters, expected):
    slugs = _slugs(client.get(LIST_URL, filters))
    if expected is None:
        expected = list(Procedure.objects.values_list("slug", flat=True))
    assert slugs == expected


def test_an_unknown_filter_value_is_a_message_not_an_error(client, catalog):
    response = client.get(LIST_URL, {"audience": "<script>", "channel": "fax"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert len(_slugs(response)) == 5


def _sheet_texts(procedure: Procedure) -> list[str]:
    texts = [procedure.name, procedure.description, procedure.audience, procedure.result_type]
    texts += procedure.results + procedure.channels
    texts += [procedure.cost, procedure.contact_office, procedure.contact_phone]
    texts += procedure.hours.splitlines()
    for kind in REQUIREMENT_KINDS:
        for group in procedure.requirements[kind]:
            texts += [group.get("title") or "", group.get("intro") or "", *group.get("notes", [])]
            for item in group["items"]:
                texts += [item["text"], *item.get("paragraphs", []), *item.get("subitems", [])]
                texts += item.get("notes", []) + list(item.get("channel_notes", {}).values())
    for group in procedure.steps:
        texts += [group.get("title") or "", *group.get("subheadings", []), *group.get("notes", [])]
        texts += [group.get("intro") or ""]
        for item in group["items"]:
            texts += [item["text"], *item.get("paragraphs", []), *item.get("substeps", [])]
            texts += item.get("notes", []) + [item.get("notes_title") or ""]
    for law in procedure.legal_basis:
        texts += [law["law"], law["articles"]]
    if procedure.contact_email:
        texts.append(procedure.contact_email)
    return [text for text in texts if text]


@pytest.mark.parametrize(
    "slug",
    [
        "codigo-extranjero-trabajador-independiente",
        "certificado-no-afiliacion-extranjeros",
        "clave-patronal-portal",
        "afiliacion-voluntaria",
        "clave-afiliado-portal",
    ],
)
def test_detail_shows_every_section_of_the_sheet(client, catalog, slug):
    procedure = Procedure.objects.get(slug=slug)
    response = client.get(reverse("catalog:procedure_detail", args=[slug]))
    assert response.status_code == 200
    html = response.content.decode()
    missing = [text for text in _sheet_texts(procedure) if escape(text) not in html]
    assert missing == []
    for heading in (
        "¿A quién está dirigido?",
        "Requisitos generales",
        "Requisitos específicos",
        "Requisitos alternativos",
        "Requisitos adicionales",
        "¿Cómo hago el trámite?",
        "Canales de atención",
        "Base legal",
        "Contacto para atención ciudadana",
        "Transparencia",
    ):
        assert escape(heading) in html
    for record in procedure.transparency_records.all():
        assert f"<td>{record.year}</td><td>{record.month:02d}</td>" in html


def test_missing_sections_are_said_not_hidden(client, catalog):
    html = client.get("/tramites/clave-afiliado-portal/").content.decode()
    assert "no indica la base legal" in html
    assert "no publica un correo" in html


@pytest.mark.parametrize(
    ("slug", "links"),
    [
        ("codigo-extranjero-trabajador-independiente", ["/turnos/"]),
        ("certificado-no-afiliacion-extranjeros", ["/turnos/"]),
        ("clave-patronal-portal", ["/turnos/"]),
        ("afiliacion-voluntaria", ["/afiliacion-voluntaria/"]),
        ("clave-afiliado-portal", ["/clave/"]),
    ],
)
def test_detail_links_to_where_the_procedure_is_done(client, catalog, slug, links):
    html = client.get(f"/tramites/{slug}/").content.decode()
    actions = re.search(r'<div class="actions">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', actions) == links


def test_unknown_procedure_is_404(client, catalog):
    assert client.get("/tramites/no-existe/").status_code == 404
    assert client.get("/tramites/no-existe/transparencia.json").status_code == 404
    assert client.get("/tramites/no-existe/transparencia.csv").status_code == 404


def test_english_shows_translated_name_and_a_note_on_the_official_text(client, catalog):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/tramites/afiliacion-voluntaria/").content.decode()
    assert "VOLUNTARY AFFILIATION OF PERSONS DOMICILED ABROAD" in html
    assert "Procedure intended to facilitate access" in html
    assert "official text of this sheet is in Spanish" in html
    # The sheet's body stays as published, marked as Spanish for screen readers.
    assert 'lang="es"' in html
    assert escape("Ingrese su fecha de nacimiento.") in html
    assert "How do I do it?" in html or "How do I carry out the procedure?" in html
    listing = client.get(LIST_URL).content.decode()
    assert "EMPLOYER PASSWORD" in listing


def test_spanish_has_no_language_note(client, catalog):
    html = client.get("/tramites/afiliacion-voluntaria/").content.decode()
    assert "nota-idioma" not in html


def test_list_query_count_is_bounded(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(LIST_URL, {"q": "clave", "channel": "online"})


def test_detail_query_count_is_bounded(client, catalog, django_assert_max_num_queries):
    from iess.catalog.services import attention_record

    for index in range(20):
        attention_record(
            procedure_slug="afiliacion-voluntaria", channel="online", reference=f"r{index}"
        )
    with django_assert_max_num_queries(6):
        client.get("/tramites/afiliacion-voluntaria/")
