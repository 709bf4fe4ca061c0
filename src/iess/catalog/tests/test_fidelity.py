"""Every requirement, step, law and transparency row of each official sheet reached the data
file: counts and contents are read from the seed text itself and compared with the data."""

import pytest

from iess.catalog.models import REQUIREMENT_KINDS
from iess.catalog.tests import seedtext

SEEDS = seedtext.seeds_dir()
pytestmark = pytest.mark.skipif(
    SEEDS is None,
    reason="the official sheets (../shared/seeds/ beside the repository) are not present",
)
DATA_FILES = seedtext.data_files()


def _sheet(path):
    data = seedtext.data_read(path)
    text = seedtext.plain((SEEDS / data["source_file"]).read_text(encoding="utf-8"))
    return data, text


def test_one_data_file_per_sheet():
    assert len(DATA_FILES) == 5
    assert sorted(seedtext.data_read(path)["source_file"] for path in DATA_FILES) == sorted(
        path.name for path in SEEDS.glob("*.txt")
    )


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_requirement_counts_per_kind(path):
    data, text = _sheet(path)
    for kind in REQUIREMENT_KINDS:
        expected = seedtext.top_level_count(seedtext.requirement_lines(text, kind))
        actual = sum(len(group["items"]) for group in data["requirements"][kind])
        assert actual == expected, f"{kind}: sheet has {expected}, data has {actual}"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_step_and_substep_counts(path):
    data, text = _sheet(path)
    lines = seedtext.step_lines(text)
    numbered = sum(1 for g in data["steps"] for item in g["items"] if item["number"] is not None)
    assert numbered == sum(1 for line in lines if seedtext.NUMBERED.match(line))
    substeps = sum(len(item.get("substeps", [])) for g in data["steps"] for item in g["items"])
    assert substeps == seedtext.substep_count(lines)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_legal_basis_matches_the_sheet(path):
    data, text = _sheet(path)
    assert [(law["law"], law["articles"]) for law in data["legal_basis"]] == seedtext.laws(text)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_transparency_rows_match_the_sheet(path):
    data, text = _sheet(path)
    rows = [(r["year"], r["month"], r["complaints"], r["attentions"]) for r in data["transparency"]]
    assert rows == seedtext.transparency_rows(text)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_contact_audience_and_channels_match_the_sheet(path):
    data, text = _sheet(path)
    assert data["contact"] == seedtext.contact(text)
    assert data["directed_to"] == seedtext.comma_list_after(text, "Dirigido a:")
    assert data["channels"] == seedtext.comma_list_after(text, "Canales de atención:")


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_every_line_of_the_sheet_is_in_the_data(path):
    """Nothing silently dropped: each piece of the sheet's body is found in the data file."""
    data, text = _sheet(path)
    blob = seedtext.data_blob(data)

    def found(fragment: str) -> bool:
        if fragment in blob:
            return True
        # A heading and its text ("Trámite virtual: Trámite que ...") are two data fields.
        if ": " in fragment:
            head, rest = fragment.split(": ", 1)
            if head in blob and found(rest):
                return True
        # A printed comma list ("Persona Natural - Ecuatoriana, ...") is a list in the data.
        parts = [part.strip().rstrip(".") for part in fragment.split(",")]
        return all(part in blob for part in parts)

    fragments = [seedtext.squash(fragment) for fragment in seedtext.body_fragments(text)]
    assert len(fragments) > 10
    assert [fragment for fragment in fragments if not found(fragment)] == []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_every_data_text_is_in_the_sheet(path):
    """And the other way round: no text in the data file was invented."""
    data, text = _sheet(path)
    sheet = seedtext.squash(text)
    texts = [data["name"], data["description"], data["audience"], data["cost"]]
    texts += data["results"]
    for kind in REQUIREMENT_KINDS:
        for group in data["requirements"][kind]:
            texts += [item["text"] for item in group["items"]]
    for group in data["steps"]:
        for item in group["items"]:
            texts += [item["text"], *item.get("substeps", []), *item.get("notes", [])]
    for value in texts:
        assert seedtext.squash(value) in sheet, value


KEY_PHRASES = {
    1: ["Poder notarial", "Verificar IESS turno online", "Disposición General Trigésima Segunda"],
    2: ["Autorización a terceros", "Director Provincial", "Horarios diferenciados"],
    3: ["Calificación Artesanal", "Ventanilla Virtual", "peso máximo 1MB"],
    4: ["AFÍLIATE Ya", "Residentes en el País", "aviso de entrada", "Virtual: 24 horas"],
    5: ["Generar / Recuperar clave", "tiene 5 intentos", "15 minutos"],
}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_key_phrases(path):
    data, text = _sheet(path)
    blob = seedtext.data_blob(data)
    for phrase in KEY_PHRASES[data["number"]]:
        assert phrase in seedtext.squash(text)
        assert phrase in blob


EXPECTED = {
    # number: (general, specific, alternative, additional, numbered steps, substeps, laws, rows)
    1: (4, 0, 1, 1, 6, 15, 7, 0),
    2: (3, 0, 0, 1, 9, 0, 0, 24),
    3: (7, 0, 3, 1, 8, 0, 0, 0),
    4: (1, 0, 0, 0, 2, 10, 7, 28),
    5: (3, 1, 0, 0, 12, 0, 0, 0),
}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_counts_read_from_the_sheet_are_the_known_ones(path):
    """A guard for the reader itself: if it stopped seeing items, the counts above would
    still agree with a data file that lost them."""
    data, text = _sheet(path)
    lines = seedtext.step_lines(text)
    read = tuple(
        seedtext.top_level_count(seedtext.requirement_lines(text, kind))
        for kind in REQUIREMENT_KINDS
    ) + (
        sum(1 for line in lines if seedtext.NUMBERED.match(line)),
        seedtext.substep_count(lines),
        len(seedtext.laws(text)),
        len(seedtext.transparency_rows(text)),
    )
    assert read == EXPECTED[data["number"]]
