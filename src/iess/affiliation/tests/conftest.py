from iess.accounts.tests.conftest import _plain_http, demo  # noqa: F401
