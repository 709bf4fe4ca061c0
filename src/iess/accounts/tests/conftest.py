import base64
import html
import json
import re

import altcha
import pytest


@pytest.fixture(autouse=True)
def _fast_hashers(settings):
    """Argon2 is deliberately slow; these tests hash many claves and answers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The demo persons, employers and affiliation histories."""
    from iess.affiliation import demo as affiliation_demo
    from iess.registry import demo as registry_demo

    registry_demo.load()
    affiliation_demo.load()
    return registry_demo.demo_person


def captcha_solve(page_html: str) -> str:
    """Solves the page's ALTCHA proof of work as the browser widget would."""
    match = re.search(r'challengejson="([^"]+)"', page_html)
    assert match, "no ALTCHA challenge on the page"
    challenge = json.loads(html.unescape(match.group(1)))
    max_number = challenge.get("max_number") or challenge.get("maxnumber") or 1_000_000
    solution = altcha.solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], max_number
    )
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def start(client, identity: str):
    page = client.get("/clave/")
    return client.post("/clave/", {"identity": identity, "captcha": captcha_solve(page.text)})


def birth(client, person, *, wrong=False):
    day = person.birth_date.day
    if wrong:
        day = day % 28 + 1
    return client.post("/clave/nacimiento/", {"day": day, "month": person.birth_date.month})


def history(client, *, wrong=False):
    questions = client.session["clave_flow"]["questions"]
    answers = {}
    for index, question in enumerate(questions):
        if wrong:
            value = next(v for v, _label in question["options"] if v != question["answer"])
        else:
            value = question["answer"]
        answers[f"q{index}"] = value
    return client.post("/clave/historia-laboral/", answers)


def link_path(body: str, name: str = "nueva") -> str:
    match = re.search(rf"https?://[^/\s]+(/clave/{name}/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def give_clave(person, password="Clave2026abc"):
    """A person who generated the clave once: two personal questions and a clave."""
    from django.contrib.auth.hashers import make_password

    from iess.accounts.models import SecretQuestion
    from iess.accounts.services import portal_account_set_password

    SecretQuestion.objects.filter(person=person).delete()
    SecretQuestion.objects.create(
        person=person, position=1, question="first_pet", answer_hash=make_password("mishi")
    )
    SecretQuestion.objects.create(
        person=person, position=2, question="mother_city", answer_hash=make_password("loja")
    )
    return portal_account_set_password(person=person, password=password)


def sign_in(client, identity, password):
    return client.post("/portal/entrar/", {"identity": identity, "password": password})
