"""Reads the procedure data files and checks them.

`sheet_read` refuses a file that breaks the schema (SCHEMA.md): that is a transcription error
and must be fixed in the file. `sheet_check` applies the published-defect rules of
`data/checks.yaml` (institutional domain and e-mail, required sections) and returns warnings:
those are the institution's own defects, reported and kept, never corrected silently.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from iess.catalog.models import REQUIREMENT_KINDS, Audience, Channel

DATA_DIR = Path(__file__).resolve().parent / "data"
PROCEDURES_DIR = DATA_DIR / "procedures"
CHECKS_FILE = DATA_DIR / "checks.yaml"

TOP_LEVEL_KEYS = {
    "slug": str,
    "number": int,
    "source_file": str,
    "name": str,
    "name_en": str,
    "institution": str,
    "description": str,
    "description_en": str,
    "audience": str,
    "directed_to": list,
    "audience_keys": list,
    "result_type": str,
    "results": list,
    "requirements": dict,
    "steps": list,
    "channels": list,
    "channel_keys": list,
    "needs_appointment": bool,
    "cost": str,
    "hours": str,
    "legal_basis": list,
    "contact": dict,
    "transparency": list,
}

URL_HOST = re.compile(r"(?:https?://|\bwww\.)([a-z0-9.-]+)", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


# libyaml's safe loader when PyYAML was built with it (several times faster), else Python's.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SheetError(ValueError):
    """A data file that does not follow SCHEMA.md."""


@dataclass(frozen=True)
class SheetWarning:
    rule: str
    field: str
    message: str


def text_normalize(value: str) -> str:
    """Lower case without accents: "AFILIACIÓN" -> "afiliacion"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def sheet_paths(directory: Path = PROCEDURES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def sheet_read(path: Path) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    if not isinstance(data, dict):
        raise SheetError(f"{path.name}: the file must hold one mapping")
    for key, kind in TOP_LEVEL_KEYS.items():
        if key not in data:
            raise SheetError(f"{path.name}: missing key {key!r}")
        if not isinstance(data[key], kind):
            raise SheetError(f"{path.name}: {key!r} must be a {kind.__name__}")
    _check_keys(path, data["audience_keys"], {choice.value for choice in Audience}, "audience")
    _check_keys(path, data["channel_keys"], {choice.value for choice in Channel}, "channel")
    if len(data["audience_keys"]) != len(data["directed_to"]):
        raise SheetError(f"{path.name}: audience_keys and directed_to differ in length")
    for kind in REQUIREMENT_KINDS:
        if not isinstance(data["requirements"].get(kind), list):
            raise SheetError(f"{path.name}: requirements.{kind} must be a list")
        _check_groups(path, data["requirements"][kind], f"requirements.{kind}")
    _check_groups(path, data["steps"], "steps")
    for law in data["legal_basis"]:
        if not (isinstance(law, dict) and law.get("law") and "articles" in law):
            raise SheetError(f"{path.name}: every legal_basis entry needs law and articles")
    for key in ("office", "email", "phone"):
        if key not in data["contact"]:
            raise SheetError(f"{path.name}: contact.{key} is missing")
    months = set()
    for row in data["transparency"]:
        year, month = row.get("year"), row.get("month")
        if not (isinstance(year, int) and isinstance(month, int) and 1 <= month <= 12):
            raise SheetError(f"{path.name}: transparency row {row!r} has no valid year/month")
        if not all(
            isinstance(row.get(k), int) and row[k] >= 0 for k in ("complaints", "attentions")
        ):
            raise SheetError(f"{path.name}: transparency row {row!r} needs counts >= 0")
        if (year, month) in months:
            raise SheetError(f"{path.name}: transparency month {year}-{month:02d} is repeated")
        months.add((year, month))
    return data


def _check_keys(path: Path, keys: list, allowed: set[str], what: str) -> None:
    unknown = [key for key in keys if key not in allowed]
    if unknown:
        raise SheetError(f"{path.name}: unknown {what} key(s) {unknown}")


def _check_groups(path: Path, groups: list, where: str) -> None:
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("items"), list):
            raise SheetError(f"{path.name}: every group in {where} needs a list of items")
        if group.get("channel_key") not in (None, *Channel.values):
            raise SheetError(f"{path.name}: unknown channel_key in {where}")
        for item in group["items"]:
            if not (isinstance(item, dict) and item.get("text")):
                raise SheetError(f"{path.name}: every item in {where} needs a text")


def _strings(value, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _value_at(data: dict, dotted: str):
    value = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def checks_read(path: Path = CHECKS_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def sheet_check(data: dict, checks: dict) -> list[SheetWarning]:
    """The sheet's published defects, by the general rules of `checks`, in sheet order."""
    domain = checks["institutional_domain"].lower()
    emails = {email.lower() for email in checks["institutional_emails"]}
    warnings: list[SheetWarning] = []
    seen: set[tuple[str, str, str]] = set()

    def warn(rule: str, field: str, subject: str, message: str) -> None:
        if (rule, field, subject) not in seen:
            seen.add((rule, field, subject))
            warnings.append(SheetWarning(rule, field, message))

    def domain_ok(host: str) -> bool:
        host = host.lower().rstrip(".")
        return host == domain or host.endswith("." + domain)

    for field, text in _strings({k: v for k, v in data.items() if not k.endswith("_en")}):
        for host in URL_HOST.findall(text):
            if not domain_ok(host):
                warn(
                    "domain",
                    field,
                    host,
                    _("La dirección «%(host)s» no pertenece al dominio institucional %(domain)s.")
                    % {"host": host, "domain": domain},
                )
        for email in EMAIL.findall(text):
            if email.lower() not in emails:
                warn(
                    "email",
                    field,
                    email,
                    _("El correo «%(email)s» no es la dirección institucional (%(expected)s).")
                    % {"email": email, "expected": ", ".join(sorted(emails))},
                )
    for required in checks.get("required", []):
        if not _value_at(data, required["path"]):
            warn(
                "required",
                required["path"],
                "",
                _("La ficha no tiene %(label)s.") % {"label": required["label"]},
            )
    return warnings


def search_text_build(data: dict) -> str:
    parts = [data["name"], data["name_en"], data["description"], data["description_en"]]
    parts += data["results"]
    return text_normalize(" ".join(parts))


def facets_build(data: dict) -> str:
    tags = [f"audience:{key}" for key in data["audience_keys"]]
    tags += [f"channel:{key}" for key in data["channel_keys"]]
    return f" {' '.join(tags)} "
