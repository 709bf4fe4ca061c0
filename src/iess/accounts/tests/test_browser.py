"""A person generates the clave for the first time, signs in and out, forgets it, recovers it
through the questions and the emailed link, and signs in with the new one. Another person
fails the questions five times and is blocked; a counter clerk unblocks them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from iess.accounts.tests.conftest import give_clave
from iess.affiliation import selectors
from iess.notifications.selectors import outbox_latest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_log_flushable"),
]

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


def assert_accessible(page):
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]


def identify(page, identity):
    page.goto("/clave/")
    page.get_by_label("Cédula o código de identificación para extranjero").fill(identity)
    page.get_by_label("No soy un robot").click()
    expect(page.get_by_text("Verificado")).to_be_visible()
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_role("heading", name="Su día y mes de nacimiento")).to_be_visible()


def birth_date(page, person, *, day=None):
    page.get_by_label("Día").select_option(str(day or person.birth_date.day))
    page.get_by_label("Mes").select_option(label=MONTHS[person.birth_date.month - 1])
    page.get_by_role("button", name="Continuar").click()


def employment_answers(page, person, *, wrong=False):
    """Answers as the person would: they know where they worked and when they started."""
    expect(page.get_by_role("heading", name="Preguntas sobre su historia laboral")).to_be_visible()
    worked = {e.legal_name for e in selectors.employers_worked_for(person_id=person.pk)}
    first_year = str(selectors.first_contribution_month(person_id=person.pk).year)
    for group in page.get_by_role("group").all():
        labels = [label.inner_text().strip() for label in group.locator("label").all()]
        if wrong:
            choice = next(label for label in labels if label not in worked | {first_year})
        else:
            choice = next(label for label in labels if label in worked | {first_year})
        group.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Continuar").click()


SPANISH_NUMBERS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
                   "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis",
                   "diecisiete", "dieciocho", "diecinueve", "veinte"]  # fmt: skip


def answer_question(question: str) -> int:
    """Works the "No soy un robot" question out, as the person reading it would."""
    words = re.findall(r"\w+", question.lower())
    numbers = [int(w) if w.isdigit() else SPANISH_NUMBERS.index(w) for w in words
               if w.isdigit() or w in SPANISH_NUMBERS]  # fmt: skip
    if "menos" in words:
        return numbers[0] - numbers[1]
    if "después" in words:
        return numbers[0] + 1
    if "doble" in words:
        return 2 * numbers[0]
    return numbers[0] + numbers[1]


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False,
        base_url=live_server.url,
        locale="es-EC",
        timezone_id="America/Guayaquil",
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def assert_accessible_without_javascript(page, browser):
    """axe runs as a script, which the page without JavaScript cannot run: the markup that page
    shows (<noscript> content as elements, no scripts) is scanned in a page that can."""
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
    markup = markup.replace("<noscript>", "").replace("</noscript>", "")
    context = browser.new_context(base_url=page.url)
    scanner = context.new_page()
    scanner.goto(page.url)  # same address, so the style sheet loads
    scanner.set_content(markup)
    expect(scanner.locator("#id_challenge_answer")).to_be_visible()
    expect(scanner.locator("#captcha-help")).to_be_hidden()
    assert_accessible(scanner)
    context.close()


def link_from_outbox(page, email, subject):
    message = outbox_latest(to=email, subject_contains=subject)
    assert message is not None
    return re.search(r"https?://[^/\s]+(/clave/nueva/[^\s]+/)", message.body).group(1)


def set_clave(page, path, clave):
    page.goto(path)
    page.get_by_label(re.compile("Declaración de información fidedigna")).check()
    page.get_by_label("Nueva clave", exact=True).fill(clave)
    page.get_by_label("Repita la nueva clave").fill(clave)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.get_by_role("heading", name="Su clave fue creada")).to_be_visible()


def sign_in(page, identity, clave):
    page.goto("/portal/entrar/")
    page.get_by_label("Cédula o código de identificación para extranjero").fill(identity)
    page.get_by_label("Clave").fill(clave)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Mi cuenta")).to_be_visible()


def test_first_clave_sign_in_out_forget_and_recover(page, demo):
    jose = demo("jose")
    identify(page, jose.cedula)
    assert_accessible(page)
    birth_date(page, jose)
    assert_accessible(page)
    employment_answers(page, jose)
    # First time: email, phones and the two personal questions.
    expect(page.get_by_role("heading", name="Sus datos")).to_be_visible()
    expect(page.get_by_label("Correo electrónico")).to_have_value(jose.email)
    page.get_by_label("Teléfono fijo").fill("042345678")
    page.get_by_label("Pregunta personal 1").select_option("first_pet")
    page.get_by_label("Respuesta 1").fill("Firulais")
    page.get_by_label("Pregunta personal 2").select_option("mother_city")
    page.get_by_label("Respuesta 2").fill("Manta")
    assert_accessible(page)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Revise su correo electrónico")).to_be_visible()
    set_clave(page, link_from_outbox(page, jose.email, "enlace"), "Guayas2026x")
    sign_in(page, jose.cedula, "Guayas2026x")
    expect(page.get_by_role("heading", name="Historial de aportes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("heading", name="Ingreso al portal del IESS")).to_be_visible()

    # He forgets it: recovery through the personal questions.
    page.get_by_role("link", name=re.compile("Genere o recupere su clave")).click()
    identify(page, jose.cedula)
    birth_date(page, jose)
    employment_answers(page, jose)
    expect(page.get_by_role("heading", name="Sus preguntas personales")).to_be_visible()
    page.get_by_label("¿Cuál fue el nombre de su primera mascota?").fill("  firulais ")
    page.get_by_label("¿En qué ciudad nació su madre?").fill("MANTA")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Sus datos")).to_be_visible()
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Revise su correo electrónico")).to_be_visible()
    set_clave(page, link_from_outbox(page, jose.email, "enlace"), "Manabi2027y")
    sign_in(page, jose.cedula, "Manabi2027y")


def test_five_wrong_answers_block_and_a_clerk_unblocks(page, demo):
    from iess.accounts.demo import DEMO_STAFF_PASSWORD, load

    load()
    ana = demo("ana")
    give_clave(ana)
    wrong_day = ana.birth_date.day % 28 + 1
    for attempt in range(1, 6):
        if attempt in (1, 4):
            identify(page, ana.cedula)
        if attempt < 3:
            birth_date(page, ana, day=wrong_day)
        elif attempt == 3:
            birth_date(page, ana)
            employment_answers(page, ana, wrong=True)
        else:
            if attempt == 4:
                birth_date(page, ana)
                employment_answers(page, ana)
            page.get_by_label("¿Cuál fue el nombre de su primera mascota?").fill("otro")
            page.get_by_label("¿En qué ciudad nació su madre?").fill("Loja")
            page.get_by_role("button", name="Continuar").click()
        if attempt < 5:
            expect(page.get_by_text(f"Le quedan {5 - attempt} intentos")).to_be_visible()
    expect(page.get_by_role("heading", name="Su clave está bloqueada")).to_be_visible()
    expect(page.get_by_text("Centro de Atención Universal")).to_be_visible()
    assert_accessible(page)

    page.goto("/oficina/entrar/")
    page.get_by_label("Usuario").fill("ventanilla")
    page.get_by_label("Contraseña").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Desbloquear clave de afiliado").click()
    page.get_by_label("Cédula o código de identificación para extranjero").fill(ana.cedula)
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_text("Bloqueada")).to_be_visible()
    page.get_by_label(re.compile("Verifiqué en persona")).check()
    page.get_by_label(re.compile("Cómo verificó la identidad")).fill("Cédula original")
    page.get_by_role("button", name="Desbloquear").click()
    expect(page.get_by_text("desbloqueada")).to_be_visible()
    assert_accessible(page)

    identify(page, ana.cedula)


def test_without_javascript_a_person_answers_the_question_and_reaches_step_two(
    page_without_javascript, demo, browser
):
    page = page_without_javascript
    maria = demo("maria")
    page.goto("/clave/")
    # No ALTCHA box without JavaScript: a question in the page instead. (Playwright's text
    # matching skips <noscript>, so the question is found by its role and its label.)
    expect(page.get_by_role("checkbox", name="No soy un robot")).to_have_count(0)
    expect(page.locator("#captcha-help")).to_be_hidden()
    group = page.get_by_role("group", name="Verificación: No soy un robot")
    expect(group).to_be_visible()
    page.get_by_label("Cédula o código de identificación para extranjero").fill(maria.cedula)
    answer = group.get_by_role("textbox")
    question = group.locator("label").inner_text()
    expect(answer).to_have_accessible_name(question)
    answer.fill(str(answer_question(question) + 1))
    page.get_by_role("button", name="Buscar").click()
    expect(answer).to_have_accessible_description(
        re.compile("La respuesta no es correcta. Responda la nueva pregunta.")
    )
    expect(page.get_by_label("Cédula o código de identificación para extranjero")).to_have_value(
        maria.cedula
    )
    assert_accessible_without_javascript(page, browser)
    question = group.locator("label").inner_text()
    expect(answer).to_have_value("")
    answer.fill(str(answer_question(question)))
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_role("heading", name="Su día y mes de nacimiento")).to_be_visible()
    birth_date(page, maria)
    expect(page.get_by_role("heading", name="Preguntas sobre su historia laboral")).to_be_visible()
