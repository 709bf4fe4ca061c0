import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_switches_language_and_passes_an_accessibility_scan(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "es-EC"
    page.get_by_role("heading", name="Servicios en línea del IESS").wait_for()
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == [], results.generate_report()
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="IESS online services").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_skip_link_moves_keyboard_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
