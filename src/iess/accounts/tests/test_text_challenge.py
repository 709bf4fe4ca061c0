"""Step 1 of /clave/ without JavaScript: the text question instead of the ALTCHA widget."""

import datetime
import random
import re
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from iess.accounts import forms, text_challenge
from iess.accounts.tests.conftest import captcha_solve

pytestmark = pytest.mark.django_db


def question_on(page_html: str) -> tuple[str, str]:
    """The challenge id and the question, as a browser without JavaScript shows them."""
    challenge_id = re.search(r'name="challenge_id" value="([^"]+)"', page_html).group(1)
    question = re.search(r'<label for="id_challenge_answer">([^<]+)</label>', page_html).group(1)
    return challenge_id, question


def expected_answer(client, challenge_id: str) -> int:
    """What the server expects (the test reads the server-side session)."""
    return client.session[text_challenge.SESSION_KEY][challenge_id]["answer"]


def no_js_post(client, identity: str, challenge_id: str, answer):
    # Without JavaScript the ALTCHA widget's hidden input goes empty.
    return client.post(
        "/clave/",
        {
            "identity": identity,
            "captcha": "",
            "challenge_id": challenge_id,
            "challenge_answer": str(answer),
        },
    )


def test_right_answer_passes_step_one(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    response = no_js_post(client, maria.cedula, challenge_id, expected_answer(client, challenge_id))
    assert response.status_code == 302
    assert response.url == "/clave/nacimiento/"
    assert client.session["clave_flow"]["person"] == maria.pk
    assert text_challenge.SESSION_KEY not in client.session


def test_answer_in_words_and_in_either_language_passes(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    number = expected_answer(client, challenge_id)
    with translation.override("en"):
        in_english = str(text_challenge.NUMBER_WORDS[number])
    response = no_js_post(client, maria.cedula, challenge_id, f"  {in_english.upper()}. ")
    assert response.url == "/clave/nacimiento/"


def test_wrong_answer_keeps_the_identity_and_asks_a_new_question(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    wrong = expected_answer(client, challenge_id) + 1
    response = no_js_post(client, maria.cedula, challenge_id, wrong)
    assert response.status_code == 200
    assert "La respuesta no es correcta" in response.text
    assert f'value="{maria.cedula}"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "clave_flow" not in client.session
    new_id, _new_question = question_on(response.text)
    assert new_id != challenge_id
    assert 'name="challenge_answer" value=' not in response.text
    # The new question passes.
    response = no_js_post(client, maria.cedula, new_id, expected_answer(client, new_id))
    assert response.url == "/clave/nacimiento/"


def test_a_question_answers_once_even_after_a_wrong_try(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    right = expected_answer(client, challenge_id)
    no_js_post(client, maria.cedula, challenge_id, right + 1)
    response = no_js_post(client, maria.cedula, challenge_id, right)
    assert response.status_code == 200
    assert "caducó o ya se respondió" in response.text
    assert "clave_flow" not in client.session


def test_a_used_question_cannot_be_replayed(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    right = expected_answer(client, challenge_id)
    assert no_js_post(client, maria.cedula, challenge_id, right).status_code == 302
    client.session.flush()
    replay = no_js_post(client, maria.cedula, challenge_id, right)
    assert replay.status_code == 200
    assert "caducó o ya se respondió" in replay.text
    # Nor in another session: the answer lives only in the session that got the question.
    stranger = Client()
    assert no_js_post(stranger, maria.cedula, challenge_id, right).status_code == 200


def test_a_question_expires_after_ten_minutes(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    right = expected_answer(client, challenge_id)
    later = timezone.now() + datetime.timedelta(minutes=text_challenge.CHALLENGE_MINUTES, seconds=1)
    with mock.patch("iess.accounts.text_challenge.timezone.now", return_value=later):
        response = no_js_post(client, maria.cedula, challenge_id, right)
    assert response.status_code == 200
    assert "caducó o ya se respondió" in response.text


def test_an_empty_answer_is_asked_for_and_uses_the_question_up(client, demo):
    maria = demo("maria")
    challenge_id, _question = question_on(client.get("/clave/").text)
    response = no_js_post(client, maria.cedula, challenge_id, "")
    assert "Responda la pregunta «No soy un robot»" in response.text
    assert challenge_id not in client.session[text_challenge.SESSION_KEY]


def test_questions_of_several_open_tabs_stay_valid(client, demo):
    maria = demo("maria")
    first_id, _question = question_on(client.get("/clave/").text)
    client.get("/clave/")
    response = no_js_post(client, maria.cedula, first_id, expected_answer(client, first_id))
    assert response.url == "/clave/nacimiento/"


def test_only_a_few_questions_are_kept_per_session(client):
    for _ in range(text_challenge.PENDING_MAX + 3):
        client.get("/clave/")
    assert len(client.session[text_challenge.SESSION_KEY]) == text_challenge.PENDING_MAX


class FixedRandom(random.Random):
    """Always "eight plus nine", so the test knows the answer (17) before the page exists."""

    def __init__(self, in_words: bool):
        super().__init__()
        self.in_words = in_words
        self.numbers = iter([8, 9])

    def choice(self, seq):
        return "sum"

    def randint(self, a, b):
        return next(self.numbers)

    def random(self):
        return 0.0 if self.in_words else 0.9


@pytest.mark.parametrize("in_words", [True, False])
def test_the_answer_never_reaches_the_page(client, in_words):
    assert "signed_cookies" not in settings.SESSION_ENGINE  # the session stays server-side
    with mock.patch.object(text_challenge, "_random", FixedRandom(in_words)):
        page = client.get("/clave/")
    _challenge_id, question = question_on(page.text)
    assert question == ("¿Cuánto es ocho más nueve?" if in_words else "¿Cuánto es 8 más 9?")
    assert not re.search(r"\b17\b", page.text)  # (hex signatures may hold "17" in a word)
    assert "diecisiete" not in page.text.lower()
    # The cookie carries only the key of the session stored in the database.
    assert page.cookies["sessionid"].value == client.session.session_key


def test_the_question_is_in_english_for_an_english_page(client):
    page = client.get("/clave/", HTTP_ACCEPT_LANGUAGE="en")
    _challenge_id, question = question_on(page.text)
    assert question.endswith("?") or question.endswith(".")
    assert "¿" not in question
    assert "Write the answer in digits" in page.text


def test_phrasings_compute_the_right_answers():
    cases = {"sum": 7, "add": 7, "apples": 7, "minus": 1, "next": 5, "double": 8}
    assert set(cases) == set(text_challenge.PHRASINGS)
    for phrasing, answer in cases.items():
        assert text_challenge.PHRASINGS[phrasing][1](4, 3) == answer


def test_with_javascript_the_altcha_solution_alone_passes(client, demo):
    """Progressive enhancement: the widget's solution, with no text question posted."""
    maria = demo("maria")
    token = captcha_solve(client.get("/clave/").text)
    response = client.post("/clave/", {"identity": maria.cedula, "captcha": token})
    assert response.url == "/clave/nacimiento/"


def test_neither_solved_asks_to_tick_the_box(client, demo):
    response = client.post("/clave/", {"identity": demo("maria").cedula, "captcha": ""})
    assert response.status_code == 200
    assert "Marque la casilla «No soy un robot»" in response.text
    assert "clave_flow" not in client.session


def test_answers_per_address_are_rate_limited(client, demo):
    maria = demo("maria")
    page = client.get("/clave/").text
    limit = int(forms.TEXT_CHALLENGE_RATE.split("/")[0])
    for _ in range(limit):
        challenge_id, _question = question_on(page)
        page = no_js_post(client, maria.cedula, challenge_id, 99).text
        assert "La respuesta no es correcta" in page
    challenge_id, _question = question_on(page)
    response = no_js_post(client, maria.cedula, challenge_id, expected_answer(client, challenge_id))
    assert response.status_code == 200
    assert "Demasiados intentos seguidos" in response.text
    assert "clave_flow" not in client.session
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.9.8.7")
    challenge_id, _question = question_on(other.get("/clave/").text)
    response = no_js_post(other, maria.cedula, challenge_id, expected_answer(other, challenge_id))
    assert response.url == "/clave/nacimiento/"
