"""Multiple-choice questions about a person's employment history, built from the affiliation
records. The wrong options come from other people's records, so every option is plausible.

The questions and their options are the same every time for the same person (seeded with
the secret key and the person), so starting again does not let anyone narrow the answer down
by comparing option lists. Each option is sent to the browser under an opaque random value;
the correct value stays in the server-side session."""

import hashlib
import hmac
import random
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.affiliation import selectors as affiliation_selectors

WRONG_OPTIONS = 3

QUESTION_TEXTS = {
    "employer": _("¿Para cuál de estos empleadores ha trabajado?"),
    "first_year": _("¿En qué año realizó su primer aporte al IESS?"),
    "employer_start": _("¿En qué año empezó a trabajar en %(employer)s?"),
    "affiliation_start": _("¿En qué año empezó su afiliación al IESS?"),
}


def question_text(question: dict) -> str:
    return str(QUESTION_TEXTS[question["kind"]]) % question.get("params", {})


def _rng(person_id: int) -> random.Random:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"clave-history:{person_id}".encode(), hashlib.sha256
    ).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _year_options(correct: int, pool: list[int], rng: random.Random) -> list[int]:
    """The correct year and three plausible wrong ones: other people's years close to it
    first, neighbouring years to fill up. No option lies in the future: a year that cannot
    be the answer would halve an attacker's guess."""
    latest = timezone.localdate().year
    near = [year for year in pool if year != correct and abs(year - correct) <= 6]
    neighbours = [correct + delta for delta in (-3, -2, -1, 1, 2, 3, -4, -5, -6)]
    candidates = [year for year in dict.fromkeys(near + neighbours) if year <= latest]
    rng.shuffle(candidates)
    return sorted([correct, *candidates[:WRONG_OPTIONS]])


def _question(kind: str, correct_label: str, labels: list[str], params=None) -> dict:
    options = []
    answer = ""
    for label in labels:
        value = secrets.token_urlsafe(9)
        options.append([value, label])
        if label == correct_label:
            answer = value
    return {"kind": kind, "params": params or {}, "options": options, "answer": answer}


def history_questions_build(*, person) -> list[dict]:
    """Up to two questions; fewer when the records cannot support them (see docs/security.md
    for what the flow relies on then)."""
    rng = _rng(person.pk)
    questions = []
    worked = sorted(
        affiliation_selectors.employers_worked_for(person_id=person.pk), key=lambda e: e.pk
    )
    worked_ids = {employer.pk for employer in worked}
    others = sorted(
        (e for e in affiliation_selectors.employers_in_records() if e.pk not in worked_ids),
        key=lambda e: e.pk,
    )
    if worked and len(others) >= 2:
        correct = rng.choice(worked)
        wrong = rng.sample(others, min(WRONG_OPTIONS, len(others)))
        labels = sorted([correct.legal_name, *(e.legal_name for e in wrong)])
        questions.append(_question("employer", correct.legal_name, labels))

    pool = affiliation_selectors.first_contribution_years(exclude_person_id=person.pk)
    first_month = affiliation_selectors.first_contribution_month(person_id=person.pk)
    if first_month is not None:
        years = _year_options(first_month.year, pool, rng)
        questions.append(_question("first_year", str(first_month.year), [str(y) for y in years]))
    else:
        affiliations = sorted(
            affiliation_selectors.affiliation_list(person_id=person.pk), key=lambda a: a.start_date
        )
        if affiliations:
            start = affiliations[0].start_date.year
            years = _year_options(start, pool, rng)
            questions.append(_question("affiliation_start", str(start), [str(y) for y in years]))

    if len(questions) < 2 and worked:
        records = sorted(
            affiliation_selectors.employment_history(person_id=person.pk),
            key=lambda r: r.start_date,
        )
        if records:
            record = records[0]
            years = _year_options(record.start_date.year, pool, rng)
            questions.append(
                _question(
                    "employer_start",
                    str(record.start_date.year),
                    [str(y) for y in years],
                    params={"employer": record.employer.legal_name},
                )
            )
    return questions[:2]


def history_answers_correct(questions: list[dict], answers: list[str]) -> bool:
    if len(answers) != len(questions):
        return False
    results = [
        hmac.compare_digest(str(answer or ""), question["answer"])
        for question, answer in zip(questions, answers, strict=True)
    ]
    return all(results)
