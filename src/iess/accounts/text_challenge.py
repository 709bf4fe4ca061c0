"""A short text question for people whose browser runs no JavaScript, in place of the ALTCHA
proof of work ("No soy un robot").

The question is read like any other text (no image, no audio), so a screen-reader user answers
it like anyone else. Only a random id reaches the page: the expected answer stays in the
server-side session, each question can be answered once (right or wrong, it is used up) and
only for CHALLENGE_MINUTES. See docs/security.md §5 for what it is worth against bots."""

import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "text_challenges"
CHALLENGE_MINUTES = 10
# Several tabs may be open at once; older questions beyond this many are dropped.
PENDING_MAX = 5

NUMBER_WORDS = [
    _("cero"), _("uno"), _("dos"), _("tres"), _("cuatro"), _("cinco"), _("seis"), _("siete"),
    _("ocho"), _("nueve"), _("diez"), _("once"), _("doce"), _("trece"), _("catorce"),
    _("quince"), _("dieciséis"), _("diecisiete"), _("dieciocho"), _("diecinueve"), _("veinte"),
]  # fmt: skip

# Each phrasing: its text and how the answer follows from the two numbers a and b (1..10).
PHRASINGS = {
    "sum": (_("¿Cuánto es %(a)s más %(b)s?"), lambda a, b: a + b),
    "add": (_("Sume %(a)s y %(b)s. ¿Cuál es el resultado?"), lambda a, b: a + b),
    "apples": (
        _("Si tiene %(a)s manzanas y le regalan %(b)s más, ¿cuántas manzanas tiene?"),
        lambda a, b: a + b,
    ),
    "minus": (_("¿Cuánto es %(a)s menos %(b)s?"), lambda a, b: a - b),
    "next": (_("¿Qué número viene justo después del %(a)s?"), lambda a, b: a + 1),
    "double": (_("¿Cuánto es el doble de %(a)s?"), lambda a, b: 2 * a),
}

_random = secrets.SystemRandom()


@dataclass(frozen=True)
class TextChallenge:
    id: str
    question: str


def _normalise(text: str) -> str:
    """Lower case, no accents, no surrounding spaces or final full stop: "Siete." == "siete"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().rstrip(".").strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _accepted(number: int) -> set[str]:
    """The number in digits or in words, in any language of the site."""
    accepted = {str(number)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            accepted.add(_normalise(str(NUMBER_WORDS[number])))
    return accepted


def _spoken(number: int, in_words: bool) -> str:
    return str(NUMBER_WORDS[number]) if in_words else str(number)


def question_text(challenge: dict) -> str:
    """The question in the active language."""
    text, _answer = PHRASINGS[challenge["phrasing"]]
    a, b = challenge["a"], challenge["b"]
    words = challenge["words"]
    return str(text) % {"a": _spoken(a, words[0]), "b": _spoken(b, words[1])}


def text_challenge_new(session) -> TextChallenge:
    """Makes a question, keeps it (with its answer) in the session and returns what the page
    may show: an opaque id and the question."""
    phrasing = _random.choice(sorted(PHRASINGS))
    a, b = _random.randint(1, 10), _random.randint(1, 10)
    if phrasing == "minus" and b > a:
        a, b = b, a
    challenge = {
        "phrasing": phrasing,
        "a": a,
        "b": b,
        "words": [_random.random() < 0.5, _random.random() < 0.5],
        "answer": PHRASINGS[phrasing][1](a, b),
        "expires": timezone.now().timestamp() + CHALLENGE_MINUTES * 60,
    }
    pending = {
        key: value
        for key, value in session.get(SESSION_KEY, {}).items()
        if value["expires"] > timezone.now().timestamp()
    }
    kept = sorted(pending.items(), key=lambda item: item[1]["expires"])[-(PENDING_MAX - 1) :]
    challenge_id = secrets.token_urlsafe(16)
    session[SESSION_KEY] = dict(kept) | {challenge_id: challenge}
    return TextChallenge(id=challenge_id, question=question_text(challenge))


def text_challenge_check(session, *, challenge_id: str, answer: str) -> None:
    """Uses the question up and checks the answer; raises ValidationError (code
    "expired" or "wrong") when it does not pass."""
    pending = dict(session.get(SESSION_KEY, {}))
    challenge = pending.pop(challenge_id, None)
    session[SESSION_KEY] = pending
    if challenge is None or challenge["expires"] <= timezone.now().timestamp():
        raise ValidationError(
            _("La pregunta caducó o ya se respondió. Responda la nueva pregunta."),
            code="expired",
        )
    if _normalise(answer) not in _accepted(challenge["answer"]):
        raise ValidationError(
            _("La respuesta no es correcta. Responda la nueva pregunta."), code="wrong"
        )


def text_challenges_clear(session) -> None:
    session.pop(SESSION_KEY, None)
