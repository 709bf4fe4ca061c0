import pytest

from iess.accounts.identity_questions import history_answers_correct, history_questions_build
from iess.affiliation import selectors

pytestmark = pytest.mark.django_db


def test_employer_question_mixes_the_right_employer_with_others_from_the_records(demo):
    maria = demo("maria")
    questions = history_questions_build(person=maria)
    assert [q["kind"] for q in questions] == ["employer", "first_year"]
    employer_question, year_question = questions
    labels = [label for _value, label in employer_question["options"]]
    worked = {e.legal_name for e in selectors.employers_worked_for(person_id=maria.pk)}
    in_records = {e.legal_name for e in selectors.employers_in_records()}
    correct = dict(employer_question["options"])[employer_question["answer"]]
    assert correct in worked
    assert set(labels) - {correct} <= in_records - worked
    assert len(labels) == 4
    correct_year = dict(year_question["options"])[year_question["answer"]]
    assert correct_year == "2008"
    assert len(year_question["options"]) == 4


def test_same_options_every_time_with_fresh_opaque_values(demo):
    ana = demo("ana")
    first, second = history_questions_build(person=ana), history_questions_build(person=ana)
    for a, b in zip(first, second, strict=True):
        assert [label for _v, label in a["options"]] == [label for _v, label in b["options"]]
        assert {v for v, _l in a["options"]}.isdisjoint({v for v, _l in b["options"]})


def test_answers_checked_against_the_session_copy(demo):
    questions = history_questions_build(person=demo("jose"))
    right = [q["answer"] for q in questions]
    assert history_answers_correct(questions, right)
    assert not history_answers_correct(questions, right[:1])
    wrong = [next(v for v, _l in questions[0]["options"] if v != right[0]), right[1]]
    assert not history_answers_correct(questions, wrong)


def test_independent_worker_without_employer_records_still_gets_two_questions(demo):
    assert len(history_questions_build(person=demo("pedro"))) == 2


def test_never_affiliated_person_gets_none(demo):
    assert history_questions_build(person=demo("carlos")) == []


def test_year_options_never_lie_in_the_future():
    import random

    from django.utils import timezone

    from iess.accounts.identity_questions import _year_options

    this_year = timezone.localdate().year
    for seed in range(50):
        options = _year_options(this_year, [this_year - 1, this_year], random.Random(seed))
        assert this_year in options and len(options) == 4
        assert max(options) <= this_year
