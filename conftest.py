"""Fixtures every app's tests share: the test outbox and one Chromium for the run."""

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests must not fail on a busy 2-core CI machine because one example was slow.
hypothesis_settings.register_profile("iess", deadline=None)
hypothesis_settings.load_profile("iess")

CHROMIUM_PATH = "/usr/bin/chromium"
# As root Chromium needs --no-sandbox; the rest keep it from reaching for the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _email_to_outbox(settings):
    """Tests read the same database outbox a person reads at /dev/correo/ in the demo."""
    settings.EMAIL_BACKEND = "iess.notifications.backends.OutboxBackend"


class Outbox:
    def all(self):
        from iess.notifications.models import OutboxMessage

        return list(OutboxMessage.objects.order_by("id").prefetch_related("attachments"))

    def to(self, address: str):
        return [m for m in self.all() if address.lower() in [a.lower() for a in m.to]]

    def latest(self, address: str, subject_contains: str = ""):
        from iess.notifications.selectors import outbox_latest

        message = outbox_latest(to=address, subject_contains=subject_contains)
        assert message is not None, (
            f"no email to {address} with {subject_contains!r} in the subject"
        )
        return message


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch):
    """Rate-limit counters live in process memory; each test starts with none.

    django-ratelimit counts in fixed windows, so a test whose requests straddle a window's
    end would see the count start again and the limit never reached (it happened in CI on
    a busy machine). The window clock stands still for the test; the rest of time runs on."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core
    from django.core.cache import caches

    caches["ratelimit"].clear()
    test_start = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: test_start))


@pytest.fixture(autouse=True)
def _spanish_by_default():
    """A request in English leaves English active in the thread (LocaleMiddleware does not
    switch back); every test starts in the default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def audit_log_flushable(transactional_db):
    """Transactional tests end with a flush, which the append-only trigger of the audit log
    refuses on SQLite (PostgreSQL flushes with TRUNCATE, which the row trigger lets pass).
    After the test the SQLite trigger is lifted just long enough to empty the table."""
    yield
    from importlib import import_module

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    audit_migration = import_module("iess.core.migrations.0002_audit_append_only")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
        cursor.execute("DELETE FROM core_auditentry")
        for statement in audit_migration.SQLITE:
            if "no_delete" in statement:
                cursor.execute(statement)


@pytest.fixture
def outbox():
    return Outbox()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="es-EC", timezone_id="America/Guayaquil"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
