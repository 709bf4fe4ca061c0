import re
import uuid

import pytest
from django.utils import timezone
from django.utils.html import escape

from iess.catalog.models import Complaint
from iess.catalog.selectors import transparency_months

URL = "/tramites/afiliacion-voluntaria/"
VALID = {
    "identity": "1714307103",
    "full_name": "María Pérez",
    "email": "maria@example.com",
    "mobile": "0991234567",
    "category": "delay",
    "text": "La afiliación tardó más de lo indicado.",
    "province": "17",
}


def _post(client, **changes):
    return client.post(URL, {**VALID, "idempotency_key": uuid.uuid4().hex, **changes})


def test_a_valid_complaint_is_stored_confirmed_and_counted(
    client, voluntary, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client)
    assert response.status_code == 302
    assert response["Location"].endswith("#transparencia")
    complaint = Complaint.objects.get()
    assert complaint.identity_kind == "cedula"
    assert complaint.mobile == "+593991234567"
    message = outbox.latest("maria@example.com", complaint.reference)
    assert "La afiliación tardó más de lo indicado." in message.body
    now = timezone.localtime()
    month = next(
        m
        for m in transparency_months(procedure=voluntary)
        if (m.year, m.month) == (now.year, now.month)
    )
    assert month.live_complaints == 1
    page = client.get(response["Location"]).content.decode()
    assert complaint.reference in page


def test_a_foreigner_code_is_accepted(client, voluntary):
    from iess.registry.validators import foreigner_code_make

    _post(client, identity=foreigner_code_make(1234), mobile="")
    complaint = Complaint.objects.get()
    assert complaint.identity_kind == "foreigner_code"
    assert complaint.mobile == ""


def _errors_for(response, field) -> str:
    html = response.content.decode()
    start = html.find(f'id="queja-{field}_error"')
    assert start != -1, f"no error for {field}"
    return html[start : html.find("</ul>", start)]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"identity": ""}, "identity", "obligatorio"),
        ({"identity": "1714307104"}, "identity", "dígito verificador de la cédula no es correcto"),
        ({"identity": "17143071"}, "identity", "debe tener 10 dígitos"),
        ({"identity": "EX12345678"}, "identity", "código de extranjero no es correcto"),
        ({"full_name": "  "}, "full_name", "obligatorio"),
        ({"email": "maria@"}, "email", ""),
        ({"mobile": "022345678"}, "mobile", "celular no es válido"),
        ({"category": "bribes"}, "category", ""),
        ({"province": ""}, "province", "obligatorio"),
        ({"province": "99"}, "province", ""),
        ({"text": ""}, "text", "obligatorio"),
        ({"text": "x" * 2001}, "text", "2000"),
    ],
)
def test_bad_input_gets_a_clear_message_keeps_the_input_and_stores_nothing(
    client, voluntary, changes, field, message
):
    response = _post(client, **changes)
    assert response.status_code == 400
    assert message in _errors_for(response, field)
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f'aria-describedby="queja-{field}_' in html
    assert 'aria-invalid="true"' in html
    kept = {**VALID, **changes}
    if field != "full_name":
        assert escape(kept["full_name"]) in html
    if field != "text":
        assert escape(kept["text"]) in html
    assert Complaint.objects.count() == 0


def test_hostile_text_is_stored_as_text_and_rendered_escaped(client, voluntary, admin_client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & «ok»'
    response = _post(client, identity="1714307104", text=hostile, full_name="<b>Eve</b>")
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert escape(hostile) in html
    assert Complaint.objects.count() == 0
    _post(client, text=hostile, full_name="<b>Eve</b>")
    complaint = Complaint.objects.get()
    assert complaint.text == hostile
    staff_html = admin_client.get("/tramites/oficina/quejas/").content.decode()
    assert escape(hostile) in staff_html
    assert "<script>alert" not in staff_html and "<b>Eve</b>" not in staff_html


def test_complaint_list_is_only_for_reviewers_and_administrators(
    client, voluntary, django_user_model
):
    assert client.get("/tramites/oficina/quejas/").status_code == 302
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get("/tramites/oficina/quejas/").status_code == 403


def test_backoffice_link_for_administrators(voluntary, admin_user, django_user_model):
    from iess.catalog.backoffice import links

    assert [url for _label, url in links(admin_user)] == ["/tramites/oficina/quejas/"]
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    assert links(clerk) == []


def test_a_double_submit_files_one_complaint(
    client, voluntary, outbox, django_capture_on_commit_callbacks
):
    key = uuid.uuid4().hex
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, idempotency_key=key)
        second = _post(client, idempotency_key=key)
    assert first.status_code == second.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.idempotency_key == key
    assert len([m for m in outbox.all() if complaint.reference in m.subject]) == 1
    now = timezone.localtime()
    month = next(
        m
        for m in transparency_months(procedure=voluntary)
        if (m.year, m.month) == (now.year, now.month)
    )
    assert month.live_complaints == 1


def test_the_form_carries_a_fresh_idempotency_key(client, voluntary):
    first = client.get(URL).content.decode()
    second = client.get(URL).content.decode()
    pattern = re.compile(r'name="idempotency_key" value="([0-9a-f]{32})"')
    assert pattern.search(first).group(1) != pattern.search(second).group(1)


def test_complaints_are_rate_limited_per_address(client, voluntary):
    for _attempt in range(5):
        assert _post(client).status_code == 302
    response = _post(client, full_name="Sexta Persona")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Demasiados intentos" in html
    assert "Sexta Persona" in html
    assert Complaint.objects.count() == 5


def _staff(django_user_model, username, role, province):
    from iess.accounts.services import staff_user_create

    return staff_user_create(
        username=username,
        password="Demo-IESS-2026-x",
        first_name=username,
        last_name="Prueba",
        email=f"{username}@iess.gob.ec",
        role=role,
        province_code=province,
    )


def test_staff_see_only_their_provinces_complaints_unless_national(
    client, voluntary, django_user_model
):
    from iess.accounts.roles import Role

    _post(client, province="09", full_name="Queja de Guayas")
    _post(client, province="17", full_name="Queja de Pichincha")
    pichincha = _staff(django_user_model, "revisor17", Role.PROVINCIAL_REVIEWER, "17")
    national = _staff(django_user_model, "revisornac", Role.PROVINCIAL_REVIEWER, None)
    client.force_login(pichincha)
    html = client.get("/tramites/oficina/quejas/").content.decode()
    assert "Queja de Pichincha" in html
    assert "Queja de Guayas" not in html
    client.force_login(national)
    html = client.get("/tramites/oficina/quejas/").content.decode()
    assert "Queja de Pichincha" in html and "Queja de Guayas" in html


def test_a_reviewer_without_a_staff_profile_sees_no_complaints(
    client, voluntary, django_user_model
):
    from django.contrib.auth.models import Group

    from iess.accounts.roles import Role

    _post(client, province="09", full_name="Queja de Guayas")
    reviewer = django_user_model.objects.create_user("sinperfil", password="x", is_staff=True)
    reviewer.groups.add(Group.objects.get_or_create(name=str(Role.PROVINCIAL_REVIEWER.value))[0])
    client.force_login(reviewer)
    html = client.get("/tramites/oficina/quejas/").content.decode()
    assert "Queja de Guayas" not in html
