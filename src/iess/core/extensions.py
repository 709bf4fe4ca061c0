"""Lets an app contribute to a shared page or command without the owner importing it.

An app adds a module of a known name (`demo`, `portal`, ...); the owner asks for every such
module across the installed iess apps, in INSTALLED_APPS order.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


@cache
def app_modules(module_name: str) -> tuple[ModuleType, ...]:
    """The `module_name` modules of the iess apps; searched once per name, since the installed
    apps do not change while the process runs (the portal asks on every request)."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("iess."):
            continue
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is not None:
            modules.append(import_module(dotted))
    return tuple(modules)
