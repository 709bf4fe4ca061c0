import csv
import io
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from iess.catalog.models import Attention
from iess.catalog.selectors import transparency_months
from iess.catalog.services import attention_record, complaint_file
from iess.core.errors import ServiceError

GYE = ZoneInfo("America/Guayaquil")
CEDULA = "1714307103"


def _month(procedure, year, month):
    return next(
        m for m in transparency_months(procedure=procedure) if (m.year, m.month) == (year, month)
    )


def _complaint(slug="afiliacion-voluntaria"):
    return complaint_file(
        procedure_slug=slug,
        identity=CEDULA,
        full_name="María Pérez",
        email="maria@example.com",
        category="delay",
        text="Demora.",
        province="17",
        idempotency_key=uuid.uuid4().hex,
    )


def test_historical_and_live_figures_of_the_same_month_are_summed(voluntary):
    # April 2026 is on the sheet: 4 complaints, 10722 attentions.
    april = datetime(2026, 4, 15, 10, 0, tzinfo=GYE)
    attention_record(procedure_slug="afiliacion-voluntaria", at=april, channel="online")
    attention_record(
        procedure_slug="afiliacion-voluntaria", at=april, channel="counter", agency="CAU Quito"
    )
    row = _month(voluntary, 2026, 4)
    assert (row.historical_attentions, row.live_attentions, row.attentions) == (10722, 2, 10724)
    assert (row.historical_complaints, row.live_complaints, row.complaints) == (4, 0, 4)


def test_a_complaint_counts_in_the_current_month(voluntary):
    from django.utils import timezone

    now = timezone.localtime()
    before = next(
        (
            m.complaints
            for m in transparency_months(procedure=voluntary)
            if (m.year, m.month) == (now.year, now.month)
        ),
        0,
    )
    _complaint()
    assert _month(voluntary, now.year, now.month).complaints == before + 1


def test_months_follow_ecuador_time_not_utc(voluntary):
    # 2026-05-01 02:00 UTC is still 30 April in Guayaquil (UTC-5).
    attention_record(
        procedure_slug="afiliacion-voluntaria",
        at=datetime(2026, 5, 1, 2, 0, tzinfo=ZoneInfo("UTC")),
        channel="online",
    )
    assert _month(voluntary, 2026, 4).live_attentions == 1
    assert not any((m.year, m.month) == (2026, 5) for m in transparency_months(procedure=voluntary))


def test_a_month_only_in_the_system_appears(catalog):
    from iess.catalog.models import Procedure

    procedure = Procedure.objects.get(slug="clave-afiliado-portal")
    assert transparency_months(procedure=procedure) == []
    attention_record(
        procedure_slug=procedure.slug, at=datetime(2026, 6, 3, 9, tzinfo=GYE), channel="online"
    )
    [row] = transparency_months(procedure=procedure)
    assert (row.year, row.month, row.attentions, row.complaints) == (2026, 6, 1, 0)


def test_months_are_newest_first(voluntary):
    months = [(m.year, m.month) for m in transparency_months(procedure=voluntary)]
    assert months == sorted(months, reverse=True)
    assert len(months) == 28


def test_attention_record_is_idempotent_on_reference(voluntary):
    first = attention_record(
        procedure_slug="afiliacion-voluntaria", channel="online", reference="booking:7"
    )
    again = attention_record(
        procedure_slug="afiliacion-voluntaria", channel="online", reference="booking:7"
    )
    assert first.pk == again.pk
    assert Attention.objects.count() == 1
    attention_record(procedure_slug="afiliacion-voluntaria", channel="online")
    attention_record(procedure_slug="afiliacion-voluntaria", channel="online")
    assert Attention.objects.count() == 3


def test_the_database_refuses_a_duplicate_reference(voluntary):
    attention_record(procedure_slug="afiliacion-voluntaria", channel="online", reference="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attention.objects.create(
            procedure=voluntary, at=voluntary.loaded_at, channel="online", reference="x"
        )


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"procedure_slug": "no-existe", "channel": "online"}, "not_found"),
        ({"procedure_slug": "afiliacion-voluntaria", "channel": "fax"}, "invalid_channel"),
    ],
)
def test_attention_record_rejects_bad_input(voluntary, kwargs, code):
    with pytest.raises(ServiceError) as error:
        attention_record(**kwargs)
    assert error.value.code == code
    assert Attention.objects.count() == 0


def test_open_data_json_and_csv(client, voluntary):
    attention_record(
        procedure_slug="afiliacion-voluntaria",
        at=datetime(2026, 4, 2, tzinfo=GYE),
        channel="online",
    )
    data = client.get("/tramites/afiliacion-voluntaria/transparencia.json").json()
    assert data["procedure"] == "afiliacion-voluntaria"
    assert data["months"][0] == {
        "year": 2026,
        "month": 4,
        "complaints": 4,
        "attentions": 10723,
        "historical_complaints": 4,
        "historical_attentions": 10722,
        "live_complaints": 0,
        "live_attentions": 1,
    }
    response = client.get("/tramites/afiliacion-voluntaria/transparencia.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 28
    assert rows[0]["attentions"] == "10723"
    assert rows[-1] == {
        "year": "2024",
        "month": "1",
        "complaints": "0",
        "attentions": "2502",
        "historical_complaints": "0",
        "historical_attentions": "2502",
        "live_complaints": "0",
        "live_attentions": "0",
    }


def test_page_links_open_data_and_draws_an_accessible_chart(client, voluntary):
    html = client.get("/tramites/afiliacion-voluntaria/").content.decode()
    assert 'href="/tramites/afiliacion-voluntaria/transparencia.json"' in html
    assert 'href="/tramites/afiliacion-voluntaria/transparencia.csv"' in html
    assert html.count('<svg role="img"') == 2
    assert '<title id="grafico-atenciones-title">' in html
    assert '<desc id="grafico-atenciones-desc">' in html
    assert html.count('class="chart-bar bar-attentions"') == 28
    assert "<table" in html
