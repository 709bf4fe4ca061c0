"""Reads an official procedure sheet (the seed text) independently of the data files, so the
fidelity tests compare two readings of the same sheet instead of the data with itself."""

import re
import subprocess
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[4]
PROCEDURES_DIR = REPO_ROOT / "src" / "iess" / "catalog" / "data" / "procedures"


def seeds_dir() -> Path | None:
    """`<repo>/../shared/seeds` (CI layout). A git worktree also looks beside its main checkout."""
    candidates = [REPO_ROOT.parent / "shared" / "seeds"]
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        candidates.append(Path(common).parent.parent / "shared" / "seeds")
    except (OSError, subprocess.CalledProcessError):
        pass
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def data_files() -> list[Path]:
    return sorted(PROCEDURES_DIR.glob("*.yaml"))


def data_read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# Headings of the gob.ec template, as printed. They structure the sheet and are not content.
HEADINGS = [
    "Información de Trámite",
    "Nombre Trámite",
    "Institución",
    "Descripción",
    "¿A quién está dirigido?",
    "Dirigido a:",
    "¿Qué obtendré si completo satisfactoriamente el trámite?",
    "Tipo de Resultado:",
    "Resultado a obtener:",
    "¿Qué necesito para hacer el trámite?",
    "Requisitos Generales:",
    "Requisitos Específicos:",
    "Requisitos alternativos:",
    "Requisito alternativo:",
    "Requisito adicional:",
    "Requisitos:",
    "¿Cómo hago el trámite?",
    "Canales de atención:",
    "¿Cuál es el costo del trámite?",
    "¿Dónde y cuál es el horario de atención?",
    "Base Legal",
    "Contacto para atención ciudadana",
    "Transparencia",
    "Funcionario/Dependencia:",
    "Correo Electrónico:",
    "Teléfono:",
]
HEADING_SPLIT = re.compile("|".join(re.escape(heading) for heading in HEADINGS))


def plain(text: str) -> str:
    """The sheet without markup, one logical line per line."""
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    text = re.sub(r"</?(?:p|ul|ol|li)\b[^>]*>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("•", "\n• ").replace("**", "")
    # An ordered list printed on one line: "...'Afiliados'.2. Seleccione ..." -> new line.
    text = re.sub(r"(?<=[^\s\d])(\d{1,2})\. (?=[A-ZÁÉÍÓÚÑ])", r"\n\1. ", text)
    lines = []
    for line in text.splitlines():
        cells = [cell for cell in line.split("\t") if not re.fullmatch(r"\s*-{3,}\s*", cell)]
        lines.append("\t".join(cells).rstrip())
    return "\n".join(lines)


def section(text: str, start: str, ends: list[str]) -> list[str]:
    """Lines after the line starting with `start` up to the first line starting with one of
    `ends` (the end heading's own line is excluded; the rest of the start line is kept)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith(start):
            rest = line.strip()[len(start) :].strip()
            collected = [rest] if rest else []
            for following in lines[index + 1 :]:
                if any(following.strip().startswith(end) for end in ends):
                    break
                collected.append(following)
            return collected
    return []


STEPS_END = ["Canales de atención"]
REQUIREMENT_SECTIONS = {
    "general": ("Requisitos Generales:", ["Requisitos Específicos:", "¿Cómo hago el trámite?"]),
    "specific": (
        "Requisitos Específicos:",
        ["Requisito alternativo:", "Requisitos alternativos:", "Requisito adicional:"]
        + ["¿Cómo hago el trámite?"],
    ),
    "alternative": (
        "Requisito",  # "Requisito alternativo:" or "Requisitos alternativos:", see below
        ["Requisito adicional:", "¿Cómo hago el trámite?"],
    ),
    "additional": ("Requisito adicional:", ["¿Cómo hago el trámite?"]),
}
NUMBERED = re.compile(r"^\d+\. ")
BULLET = re.compile(r"^• ")


def requirement_lines(text: str, kind: str) -> list[str]:
    if kind == "alternative":
        for heading in ("Requisito alternativo:", "Requisitos alternativos:"):
            found = section(text, heading, REQUIREMENT_SECTIONS["alternative"][1])
            if found:
                return found
        return []
    start, ends = REQUIREMENT_SECTIONS[kind]
    return section(text, start, ends)


def top_level_count(lines: list[str]) -> int:
    """Items of a list: numbered lines at the margin, else bullets, else non-empty lines."""
    numbered = [line for line in lines if NUMBERED.match(line)]
    if numbered:
        return len(numbered)
    bullets = [line for line in lines if BULLET.match(line.strip())]
    if bullets:
        return len(bullets)
    return len([line for line in lines if line.strip()])


def step_lines(text: str) -> list[str]:
    return section(text, "¿Cómo hago el trámite?", STEPS_END)


def substep_count(lines: list[str]) -> int:
    """ "- " entries of the steps, leaving out the bullets of a "NOTAS:" block."""
    count, in_notes = 0, False
    for line in lines:
        if re.match(r"^NOTAS?:", line.strip()):
            in_notes = True
        elif NUMBERED.match(line):
            in_notes = False
        elif re.match(r"^\s*- ", line) and not in_notes:
            count += 1
    return count


LAW = re.compile(r"^\s*-?\s*(.+?)\. Art\. (.*)\.$")


def laws(text: str) -> list[tuple[str, str]]:
    lines = section(text, "Base Legal", ["Contacto para atención ciudadana"])
    return [LAW.match(line).groups() for line in lines if LAW.match(line)]


TRANSPARENCY_ROW = re.compile(r"^(\d{4})\t(\d{2})\t(\d+)\t(\d+)\s*$")


def transparency_rows(text: str) -> list[tuple[int, int, int, int]]:
    rows = []
    for line in section(text, "Transparencia", []):
        match = TRANSPARENCY_ROW.match(line)
        if match:
            rows.append(tuple(int(value) for value in match.groups()))
    return rows


def contact(text: str) -> dict:
    joined = "\n".join(section(text, "Contacto para atención ciudadana", ["Transparencia"]))

    def value(label):
        match = re.search(rf"{label}:\s*(.+)", joined)
        return match.group(1).strip() if match else None

    return {
        "office": value("Funcionario/Dependencia"),
        "email": value("Correo Electrónico"),
        "phone": value("Teléfono"),
    }


def comma_list_after(text: str, heading: str) -> list[str]:
    """A comma-separated list printed after `heading` (the sentence's final period dropped)."""
    match = re.search(re.escape(heading) + r"\s*(.+?)\.?\s*$", text, re.MULTILINE)
    return [part.strip() for part in match.group(1).split(",")] if match else []


def body_fragments(text: str) -> list[str]:
    """Every piece of content of the sheet from its name to its opening hours, plus the
    contact, without headings, list numbers or bullets."""
    lines = section(text, "Información de Trámite", ["Base Legal"])
    lines += section(text, "Contacto para atención ciudadana", ["Transparencia"])
    fragments = []
    for line in lines:
        for cell in line.split("\t"):
            for piece in HEADING_SPLIT.split(cell):
                piece = re.sub(r"^\s*(?:[-•]\s*|\d+\.\s+)", "", piece).strip()
                if piece:
                    fragments.append(piece)
    return fragments


def squash(text: str) -> str:
    return " ".join(text.split())


def data_blob(data: dict) -> str:
    """All Spanish text of a data file in one string (channel notes as "Channel: note")."""
    parts: list[str] = []

    def walk(value, key=""):
        if key.endswith("_en"):
            return
        if key == "channel_notes" and isinstance(value, dict):
            parts.extend(f"{channel}: {note}" for channel, note in value.items())
        elif isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif isinstance(value, str):
            parts.append(value)

    walk(data)
    return squash(" \n ".join(parts))
