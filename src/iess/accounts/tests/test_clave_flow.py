import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from iess.accounts.models import ClaveDecoyState, ClaveLink, ClaveState, SecretQuestion
from iess.accounts.services import clave_contact_confirm
from iess.accounts.tests.conftest import birth, give_clave, history, link_path, sign_in, start
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_recovery_changes_email_and_sets_new_clave(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    maria = demo("maria")
    give_clave(maria)
    assert start(client, maria.cedula).url == "/clave/nacimiento/"
    assert birth(client, maria).url == "/clave/historia-laboral/"
    assert history(client).url == "/clave/preguntas-personales/"
    response = client.post(
        "/clave/preguntas-personales/", {"answer1": "  MISHÍ ", "answer2": "Loja"}
    )
    assert response.url == "/clave/datos/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/clave/datos/", {"email": "maria.nueva@example.ec"})
    assert response.url == "/clave/enlace-enviado/"
    maria.refresh_from_db()
    assert maria.email == "maria.nueva@example.ec"
    notice = outbox.latest("maria.andrade@example.ec", "correo")
    assert "maria.nueva@example.ec" in notice.body
    assert "/clave/no-fui-yo/" in notice.body
    mail = outbox.latest("maria.nueva@example.ec", "enlace")
    path = link_path(mail.body)
    page = client.get(path)
    assert "Declaración de información fidedigna" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path, {"declaration": "on", "password": "Quito7Volcan", "password2": "Quito7Volcan"}
        )
    assert response.url == "/clave/lista/"
    assert outbox.latest("maria.nueva@example.ec", "creada")
    response = client.post(
        "/portal/entrar/", {"identity": maria.cedula, "password": "Quito7Volcan"}
    )
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200


def test_history_page_does_not_reveal_the_answer(client, demo):
    maria = demo("maria")
    start(client, maria.cedula)
    birth(client, maria)
    page = client.get("/clave/historia-laboral/").text
    questions = client.session["clave_flow"]["questions"]
    assert len(questions) == 2
    for question in questions:
        labels = [label for _value, label in question["options"]]
        assert len(labels) >= 3
        assert labels == sorted(labels, key=lambda x: x) or all(x.isdigit() for x in labels)
        for value, label in question["options"]:
            assert value in page and label in page
            assert label not in value
    assert "answer" not in page.lower().replace("answer1", "")


def recover_to_link(client, person, django_capture_on_commit_callbacks, outbox):
    """Runs the questions for a person who has a clave and returns the emailed link path."""
    start(client, person.identity_number)
    birth(client, person)
    history(client)
    client.post("/clave/preguntas-personales/", {"answer1": "mishi", "answer2": "loja"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/clave/datos/", {"email": person.email})
    return link_path(outbox.latest(person.email, "enlace").body)


def test_captcha_is_required(client, demo):
    response = client.post("/clave/", {"identity": demo("maria").cedula})
    assert response.status_code == 200
    assert "No soy un robot" in response.text
    assert "clave_flow" not in client.session


def test_captcha_solution_is_single_use(client, demo):
    from iess.accounts.tests.conftest import captcha_solve

    token = captcha_solve(client.get("/clave/").text)
    maria = demo("maria")
    assert client.post("/clave/", {"identity": maria.cedula, "captcha": token}).status_code == 302
    again = Client().post("/clave/", {"identity": maria.cedula, "captcha": token})
    assert again.status_code == 200
    assert "ya se usó" in again.text


def test_wrong_answers_block_after_five_across_sessions_and_addresses(client, demo):
    jose = demo("jose")
    give_clave(jose)
    # Birth date, employment and personal questions all count, each from a new session and a
    # new address.
    steps = ["birth", "history", "personal", "birth", "history"]
    for attempt, step in enumerate(steps, start=1):
        visitor = Client(REMOTE_ADDR=f"10.0.0.{attempt}")
        start(visitor, jose.cedula)
        if step == "birth":
            response = birth(visitor, jose, wrong=True)
        else:
            birth(visitor, jose)
            if step == "history":
                response = history(visitor, wrong=True)
            else:
                history(visitor)
                response = visitor.post(
                    "/clave/preguntas-personales/", {"answer1": "firulais", "answer2": "loja"}
                )
        if attempt < 5:
            assert response.status_code == 200
            assert f"Le quedan {5 - attempt} intentos" in response.text
    assert response.status_code == 403
    assert "Centro de Atención Universal" in response.text
    state = ClaveState.objects.get(person=jose)
    assert state.is_blocked and state.failures == 5
    # Blocked for any new visitor, and the portal refuses the (still known) clave.
    blocked = start(Client(REMOTE_ADDR="10.9.9.9"), jose.cedula)
    assert blocked.status_code == 403
    refused = sign_in(Client(), jose.cedula, "Clave2026abc")
    assert refused.status_code == 200
    assert "bloqueada" in refused.text


def test_wrong_birth_date_keeps_what_was_typed(client, demo):
    maria = demo("maria")
    start(client, maria.cedula)
    response = client.post("/clave/nacimiento/", {"day": 1, "month": 1})
    assert response.status_code == 200
    assert '<option value="1" selected>' in response.text


def test_unknown_identity_gets_the_same_questions_and_messages(client, demo):
    from iess.registry.demo import cedula_from

    stranger = cedula_from("171111111")
    response = start(client, stranger)
    assert response.url == "/clave/nacimiento/"
    response = client.post("/clave/nacimiento/", {"day": 5, "month": 5})
    assert "Le quedan 4 intentos" in response.text
    assert not ClaveState.objects.exists()


def test_an_unknown_identity_counts_down_across_sessions_like_a_registered_one(demo):
    """A fresh session must not restart the countdown for an unregistered number either,
    or comparing countdowns would tell which numbers are registered."""
    from iess.registry.demo import cedula_from

    stranger = cedula_from("171111111")
    for attempt in range(1, 6):
        visitor = Client(REMOTE_ADDR=f"10.0.1.{attempt}")
        start(visitor, stranger)
        response = visitor.post("/clave/nacimiento/", {"day": 5, "month": 5})
        if attempt < 5:
            assert f"Le quedan {5 - attempt} intentos" in response.text
    assert response.status_code == 403
    assert "Centro de Atención Universal" in response.text
    blocked = start(Client(REMOTE_ADDR="10.0.1.99"), stranger)
    assert blocked.status_code == 403
    assert stranger not in str(
        list(ClaveDecoyState.objects.values_list("identity_digest", flat=True))
    )


def test_link_expires_after_15_minutes(client, demo, outbox, django_capture_on_commit_callbacks):
    maria = demo("maria")
    give_clave(maria)
    path = recover_to_link(client, maria, django_capture_on_commit_callbacks, outbox)
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(minutes=14)):
        assert client.get(path).status_code == 200
    later = now + datetime.timedelta(minutes=15, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        page = client.get(path)
        assert page.status_code == 410
        assert "caducó" in page.text
        assert 'href="/clave/"' in page.text
        response = client.post(
            path, {"declaration": "on", "password": "Quito7Volcan", "password2": "Quito7Volcan"}
        )
        assert response.status_code == 410
    assert sign_in(Client(), maria.cedula, "Quito7Volcan").status_code == 200


def test_link_is_single_use(client, demo, outbox, django_capture_on_commit_callbacks):
    maria = demo("maria")
    give_clave(maria)
    path = recover_to_link(client, maria, django_capture_on_commit_callbacks, outbox)
    data = {"declaration": "on", "password": "Quito7Volcan", "password2": "Quito7Volcan"}
    assert client.post(path, data).status_code == 302
    again = client.post(path, {**data, "password": "Otra8Clave", "password2": "Otra8Clave"})
    assert again.status_code == 410
    assert "ya fue usado" in again.text
    link = ClaveLink.objects.get(purpose="set_clave", used_at__isnull=False, email=maria.email)
    assert len(link.token_hash) == 64 and link.token_hash not in path


def test_declaration_must_be_ticked_and_typed_values_kept(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    maria = demo("maria")
    give_clave(maria)
    path = recover_to_link(client, maria, django_capture_on_commit_callbacks, outbox)
    response = client.post(path, {"password": "Quito7Volcan", "password2": "Quito7Volcan"})
    assert response.status_code == 200
    assert "Declaración de información fidedigna" in response.text
    assert 'aria-invalid="true"' in response.text
    response = client.post(path, {"declaration": "on", "password": "abc", "password2": "abc"})
    assert "al menos 8 caracteres" in response.text
    assert "checked" in response.text


def test_new_clave_ends_other_sessions(client, demo, outbox, django_capture_on_commit_callbacks):
    maria = demo("maria")
    give_clave(maria)
    signed_in = Client()
    sign_in(signed_in, maria.cedula, "Clave2026abc")
    assert signed_in.get("/portal/").status_code == 200
    path = recover_to_link(client, maria, django_capture_on_commit_callbacks, outbox)
    client.post(
        path, {"declaration": "on", "password": "Quito7Volcan", "password2": "Quito7Volcan"}
    )
    assert signed_in.get("/portal/").status_code == 302


def test_email_change_notice_link_blocks_the_account(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    maria = demo("maria")
    give_clave(maria)
    signed_in = Client()
    sign_in(signed_in, maria.cedula, "Clave2026abc")
    start(client, maria.cedula)
    birth(client, maria)
    history(client)
    client.post("/clave/preguntas-personales/", {"answer1": "mishi", "answer2": "loja"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/clave/datos/", {"email": "intruso@example.com"})
    set_path = link_path(outbox.latest("intruso@example.com", "enlace").body)
    notice_path = link_path(outbox.latest("maria.andrade@example.ec", "correo").body, "no-fui-yo")
    # Opening the notice (a mail scanner) changes nothing; the button blocks at once.
    assert Client().get(notice_path).status_code == 200
    assert not ClaveState.objects.filter(person=maria, blocked_at__isnull=False).exists()
    response = Client().post(notice_path)
    assert response.status_code == 403
    state = ClaveState.objects.get(person=maria)
    assert state.is_blocked and state.block_reason == "not_me"
    maria.refresh_from_db()
    assert maria.email == "maria.andrade@example.ec"
    assert signed_in.get("/portal/").status_code == 302
    assert sign_in(Client(), maria.cedula, "Clave2026abc").status_code == 200
    data = {"declaration": "on", "password": "Quito7Volcan", "password2": "Quito7Volcan"}
    assert client.post(set_path, data).status_code == 410


def test_first_time_for_a_person_never_affiliated(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    carlos = demo("carlos")
    start(client, carlos.cedula)
    # No employment records: birth date, then the contact step, registry email fixed.
    assert birth(client, carlos).url == "/clave/datos/"
    page = client.get("/clave/datos/")
    assert "disabled" in page.text
    form = {
        "email": "otro@example.com",
        "mobile": "",
        "landline": "",
        "question1": "first_pet",
        "answer1": "Mishi",
        "question2": "first_pet",
        "answer2": "x",
    }
    response = client.post("/clave/datos/", form)
    assert "Ingrese un celular o un teléfono fijo" in response.text
    assert "Elija una pregunta distinta" in response.text
    assert 'value="Mishi"' in response.text
    form.update(mobile="0991112299", question2="mother_city", answer2="Portoviejo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/clave/datos/", form)
    assert response.url == "/clave/enlace-enviado/"
    carlos.refresh_from_db()
    assert carlos.email == "carlos.vera@example.ec"
    assert carlos.mobile == "+593991112299"
    question = SecretQuestion.objects.get(person=carlos, position=2)
    assert "Portoviejo" not in question.answer_hash
    mail = outbox.latest("carlos.vera@example.ec", "enlace")
    path = link_path(mail.body)
    data = {"declaration": "on", "password": "Manaba2026", "password2": "Manaba2026"}
    assert client.post(path, data).url == "/clave/lista/"
    assert sign_in(Client(), carlos.cedula, "Manaba2026").status_code == 302


def test_weak_proof_cannot_change_email(demo):
    carlos = demo("carlos")
    with pytest.raises(ServiceError) as error:
        clave_contact_confirm(person=carlos, email="otro@example.com", email_change_allowed=False)
    assert error.value.code == "email_change_not_allowed"


def test_clerk_unblocks_and_it_is_audited(client, demo):
    from iess.accounts.demo import load as accounts_demo_load

    accounts_demo_load()
    ana = demo("ana")
    ClaveState.objects.create(
        person=ana, failures=5, blocked_at=timezone.now(), block_reason="failures"
    )
    reviewer = Client()
    reviewer.force_login(get_user_model().objects.get(username="revisor"))
    assert reviewer.get("/oficina/clave/").status_code == 403
    clerk = Client()
    clerk.force_login(get_user_model().objects.get(username="ventanilla"))
    home = clerk.get("/oficina/")
    assert "/oficina/clave/" in home.text
    page = clerk.get("/oficina/clave/", {"identity": ana.cedula})
    assert "Bloqueada" in page.text
    response = clerk.post(
        f"/oficina/clave/?identity={ana.cedula}", {"identity_checked": "on", "reason": ""}
    )
    assert response.status_code == 200
    assert ClaveState.objects.get(person=ana).is_blocked
    response = clerk.post(
        f"/oficina/clave/?identity={ana.cedula}",
        {"identity_checked": "on", "reason": "Cédula original vista en ventanilla"},
    )
    assert response.status_code == 302
    state = ClaveState.objects.get(person=ana)
    assert not state.is_blocked and state.failures == 0
    entry = AuditEntry.objects.get(action="clave.unblock")
    assert entry.actor.username == "ventanilla"
    assert entry.before["failures"] == 5 and entry.after["failures"] == 0


def test_english_on_request(demo):
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = english.get("/clave/")
    assert "Create or recover your affiliate password" in page.text
    assert "I am not a robot" in page.text
    maria = demo("maria")
    start(english, maria.cedula)
    response = birth(english, maria, wrong=True)
    assert "You have 4 attempts left" in response.text


def test_foreigner_identifies_with_the_iess_foreigner_code(client, demo):
    john = demo("john")
    assert start(client, john.foreigner_code.lower()).url == "/clave/nacimiento/"
    assert birth(client, john).url == "/clave/historia-laboral/"
    assert history(client).url == "/clave/datos/"
