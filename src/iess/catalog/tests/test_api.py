import pytest

from iess.catalog.services import attention_record

BASE = "/api/v1/procedures"


def test_list(client, catalog):
    data = client.get(BASE).json()
    assert [p["number"] for p in data] == [1, 2, 3, 4, 5]
    assert data[3]["url"] == "/tramites/afiliacion-voluntaria/"
    assert set(data[0]) == {
        "slug",
        "number",
        "name",
        "name_en",
        "description",
        "description_en",
        "audience_keys",
        "channel_keys",
        "needs_appointment",
        "url",
    }


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"q": "afiliacion voluntaria"}, ["afiliacion-voluntaria"]),
        ({"audience": "persona-juridica-publica"}, ["clave-patronal-portal"]),
        ({"channel": "online", "q": "CLAVE"}, ["clave-patronal-portal", "clave-afiliado-portal"]),
    ],
)
def test_list_filters(client, catalog, params, slugs):
    assert [p["slug"] for p in client.get(BASE, params).json()] == slugs


def test_list_rejects_an_unknown_audience(client, catalog):
    assert client.get(BASE, {"audience": "martians"}).status_code == 422


def test_detail(client, catalog):
    data = client.get(f"{BASE}/clave-patronal-portal").json()
    assert data["contact"] == {
        "office": "Atención al Ciudadano",
        "email": None,
        "phone": "593 23945666",
    }
    assert len(data["requirements"]["general"]) == 2
    assert data["requirements"]["alternative"][0]["items"][0]["channel_notes"][
        "Presencial"
    ].startswith("El representante legal")
    assert [group["channel_key"] for group in data["steps"]] == ["counter", "online"]
    assert data["legal_basis"] == []
    assert data["transparency_url"] == "/tramites/clave-patronal-portal/transparencia.json"
    voluntary = client.get(f"{BASE}/afiliacion-voluntaria").json()
    assert len(voluntary["legal_basis"]) == 7
    assert voluntary["steps"][0]["items"][1]["substeps"][4].startswith("Ingrese su correo")


def test_transparency(client, catalog):
    attention_record(
        procedure_slug="certificado-no-afiliacion-extranjeros", channel="counter", reference="t1"
    )
    data = client.get(f"{BASE}/certificado-no-afiliacion-extranjeros/transparency").json()
    assert data["slug"] == "certificado-no-afiliacion-extranjeros"
    assert sum(m["live_attentions"] for m in data["months"]) == 1
    assert (
        sum(m["historical_attentions"] for m in data["months"])
        == 15
        + 14
        + 23
        + 15
        + 17
        + 16
        + 23
        + 18
        + 9
        + 12
        + 34
        + 50
        + 26
        + 19
        + 22
        + 23
        + 12
        + 15
        + 5
        + 49
        + 20
        + 53
        + 37
        + 28
    )


@pytest.mark.parametrize("path", ["/no-existe", "/no-existe/transparency"])
def test_unknown_slug_is_404_with_code_and_detail(client, catalog, path):
    response = client.get(BASE + path)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "no-existe" in body["detail"]


def test_openapi_document_lists_the_endpoints_and_validates(client, catalog):
    from openapi_spec_validator import validate

    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    paths = schema["paths"]
    assert "get" in paths["/api/v1/procedures"]
    assert "get" in paths["/api/v1/procedures/{slug}"]
    assert "get" in paths["/api/v1/procedures/{slug}/transparency"]
    for path in ("/api/v1/procedures/{slug}", "/api/v1/procedures/{slug}/transparency"):
        responses = paths[path]["get"]["responses"]
        assert {"200", "404"} <= set(responses)
    names = set(schema["components"]["schemas"])
    assert {"ProcedureSummaryOut", "ProcedureOut", "TransparencyOut", "ErrorOut"} <= names
