import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious_violations(page):
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    return serious, results


def test_a_person_finds_the_sheet_switches_to_english_and_files_a_complaint(page, outbox):
    call_command("catalog_load")
    page.goto("/")
    page.get_by_role("link", name="Trámites").first.click()
    page.get_by_role("heading", name="Catálogo de trámites").wait_for()

    page.get_by_label("Buscar un trámite").fill("afiliacion")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_text("2 trámites encontrados").wait_for()
    page.get_by_role("link", name=re.compile("AFILIACIÓN VOLUNTARIA")).click()
    page.get_by_role("heading", name=re.compile("AFILIACIÓN VOLUNTARIA"), level=1).wait_for()

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name=re.compile("VOLUNTARY AFFILIATION"), level=1).wait_for()
    page.get_by_text("The official text of this sheet is in Spanish").wait_for()
    serious, results = _serious_violations(page)
    assert serious == [], results.generate_report()
    table = page.locator("table.transparency")
    before = table.locator("tbody tr").count()

    # A wrong check digit first: a specific message, and what was typed is kept.
    page.get_by_label("Cédula or foreigner identification code").fill("1714307104")
    page.get_by_label("Full name").fill("María Pérez")
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label("Province").select_option(label="Pichincha")
    page.get_by_label("Category").select_option(label="Delay in the procedure")
    page.get_by_label("Details of the complaint").fill("No recibí el aviso de entrada.")
    page.get_by_role("button", name="Send complaint").click()
    page.get_by_role("alert").wait_for()
    assert page.get_by_label("Full name").input_value() == "María Pérez"
    assert "check digit" in page.locator("#queja-identity_error").inner_text()

    page.get_by_label("Cédula or foreigner identification code").fill("1714307103")
    page.get_by_role("button", name="Send complaint").click()
    page.get_by_text(re.compile(r"Your complaint was filed with number Q-\d{6}")).wait_for()

    # The complaint is counted in the current month of the transparency table.
    # The sheet's last published month is April 2026, so the current month is a new row.
    assert table.locator("tbody tr").count() == before + 1
    first_row = table.locator("tbody tr").first.locator("td")
    now = timezone.localtime()
    assert first_row.nth(0).inner_text() == str(now.year)
    assert first_row.nth(1).inner_text() == f"{now.month:02d}"
    assert first_row.nth(2).inner_text() == "1"
    assert outbox.latest("maria@example.com", "Q-")


def test_list_and_detail_pass_the_accessibility_scan(page):
    call_command("catalog_load")
    for url in (
        "/tramites/",
        "/tramites/?q=clave",
        "/tramites/afiliacion-voluntaria/",
        "/tramites/clave-patronal-portal/",
    ):
        page.goto(url)
        page.locator("h1").wait_for()
        serious, results = _serious_violations(page)
        assert serious == [], f"{url}: {results.generate_report()}"


def test_the_complaint_form_with_errors_passes_the_accessibility_scan(page):
    call_command("catalog_load")
    page.goto("/tramites/afiliacion-voluntaria/")
    page.get_by_role("button", name="Enviar queja").click()
    page.get_by_role("alert").wait_for()
    serious, results = _serious_violations(page)
    assert serious == [], results.generate_report()


def test_the_detail_page_fits_a_phone(page):
    call_command("catalog_load")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/tramites/clave-patronal-portal/")
    page.locator("h1").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
