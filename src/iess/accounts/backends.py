from axes.backends import AxesStandaloneBackend


class SignInLimitBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes through a web request.

    Code that authenticates without a request (the test client's `login()`, a shell) has no
    address to limit; it is left to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
