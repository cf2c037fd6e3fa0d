"""GLOSSARY.md keeps one Korean name per concept across the days.

The course writes a key term in English with its Korean name in brackets, "loss function
(손실 함수)", or both inside the brackets, "(rounding error, 반올림 오차)". These tests read every
such pair in the markdown cells of every source notebook and hold it to the glossary's table:

- an English term of the glossary must stand beside the glossary's Korean term;
- a spelling the glossary lists as "not used" must appear nowhere in the markdown;
- every Korean term in a pair must be in the glossary, so a new term gets an entry;
- the glossary's "first day" is the first day whose markdown pairs the term.

A failure names the day, the cell (its id) and the glossary's term.
"""
import re
from dataclasses import dataclass

import pytest

from coursekit import cli, notebooks
from conftest import REPO_ROOT

GLOSSARY = REPO_ROOT / "GLOSSARY.md"
HANGUL = "\uac00-\ud7a3"
BRACKETS = re.compile(rf"\(([^()]*[{HANGUL}][^()]*)\)")
WORD_BEFORE = re.compile(r"[A-Za-z0-9\-' ]*$")   # the English words right before a bracket


@dataclass(frozen=True)
class Entry:
    english: tuple   # alternative English names, canonical (see canonical())
    korean: str
    first_day: int
    not_used: tuple  # Korean spellings the course does not use for this concept
    row: str         # the table row, for messages


@dataclass(frozen=True)
class Pair:
    day: str
    cell: str
    korean: str
    english: tuple   # candidate English texts: inside the brackets first, then before them
    text: str        # the bracket and what precedes it, for messages


def canonical(english: str) -> str:
    """Lower case, British -ise spellings, hyphens as spaces: 'Hyper-parameters' and
    'hyper parameters' compare equal, and so do 'regularization' and 'regularisation'."""
    text = english.lower().replace("-", " ")
    text = re.sub(r"iz(e|es|ed|ing|ation|ations)\b", r"is\1", text)
    return " ".join(text.split())


def korean_canonical(korean: str) -> str:
    return " ".join(korean.split())


def read_glossary() -> list:
    """The entries of GLOSSARY.md's table | English | Korean | first day | not used |."""
    entries = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[2].isdigit():
            continue
        english, korean, day, not_used = cells
        entries.append(Entry(
            english=tuple(canonical(name) for name in english.split(" / ")),
            korean=korean_canonical(korean), first_day=int(day),
            not_used=tuple(korean_canonical(k) for k in not_used.split(",") if k.strip()),
            row=line.strip()))
    return entries


def markdown_cells():
    """(day folder, cell id, text) for every markdown cell of every source notebook; the text
    has its line breaks, bold marks and backticks removed so that a term can span lines."""
    for day in notebooks.course_days(REPO_ROOT / cli.SOURCE):
        nb = notebooks.load(notebooks.day_notebook(REPO_ROOT / cli.SOURCE / day))
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "markdown":
                text = re.sub(r"\*\*|`", "", notebooks.source_of(cell))
                yield day, cell.get("id", f"cell {index + 1}"), " ".join(text.split())


def pairs_in(day: str, cell: str, text: str) -> list:
    """Every bracket holding Korean: its Korean part, and as candidate English names the other
    parts inside the bracket and the words right before it."""
    pairs = []
    for match in BRACKETS.finditer(text):
        parts = [part.strip() for part in re.split(r"[,;]", match.group(1))]
        korean = [part for part in parts if re.search(f"[{HANGUL}]", part)]
        inside = [part for part in parts if part not in korean]
        before = WORD_BEFORE.search(text[:match.start()]).group(0)
        pairs.append(Pair(day, cell, korean_canonical(korean[0]),
                          tuple(canonical(t) for t in inside + [before]),
                          text[max(0, match.start() - 40):match.end()]))
    return pairs


def all_pairs() -> list:
    return [pair for day, cell, text in markdown_cells() for pair in pairs_in(day, cell, text)]


def names_term(candidate: str, name: str) -> bool:
    """The candidate text ends with the English name as whole words (a plural s allowed)."""
    return re.search(rf"(^|\s){re.escape(name)}(s|es)?$", candidate) is not None


def term_of(pair: Pair, entries: list):
    """The glossary entry whose English name the pair uses: the longest name found in the first
    candidate that holds one ('dying ReLU' before 'ReLU'); None if the pair names no entry."""
    for candidate in pair.english:
        found = [(len(name), entry) for entry in entries for name in entry.english
                 if names_term(candidate, name)]
        if found:
            return max(found, key=lambda item: item[0])[1]
    return None


def where(pair: Pair) -> str:
    return f"{pair.day}, cell {pair.cell}: '...{pair.text}'"


@pytest.fixture(scope="module")
def entries():
    return read_glossary()


@pytest.fixture(scope="module")
def pairs():
    return all_pairs()


# --- the parsing itself ----------------------------------------------------------------------------

def test_pairs_are_read_in_both_forms():
    found = pairs_in("day99", "c1", "A loss function (손실 함수) loses digits (rounding error, "
                     "반올림 오차), and hyper-parameters (하이퍼파라미터).")
    assert [(pair.korean, pair.english) for pair in found] == [
        ("손실 함수", ("a loss function",)),
        ("반올림 오차", ("rounding error", "loses digits")),
        ("하이퍼파라미터", ("and hyper parameters",))]


def test_the_longest_english_name_wins_and_spellings_are_folded():
    entries = [Entry(("relu",), "렐루", 3, (), ""), Entry(("dying relu",), "죽은 ReLU", 3, (), ""),
               Entry(("regularisation",), "정칙화", 12, (), "")]
    dying = pairs_in("day03", "c", "Dying ReLU (죽은 ReLU) happens")[0]
    assert term_of(dying, entries).korean == "죽은 ReLU"
    american = pairs_in("day12", "c", "and regularization (정규화).")[0]
    assert term_of(american, entries).korean == "정칙화"
    assert term_of(pairs_in("day12", "c", "a prelude (전주곡)")[0], entries) is None


def test_the_glossary_has_a_table_of_unique_terms(entries):
    assert len(entries) > 50, "GLOSSARY.md: no table | English | Korean | first day | not used |"
    names = [name for entry in entries for name in entry.english]
    assert len(names) == len(set(names)), "an English term has two rows in GLOSSARY.md"
    koreans = [entry.korean for entry in entries]
    assert len(koreans) == len(set(koreans)), "a Korean term has two rows in GLOSSARY.md"
    spare = {k for entry in entries for k in entry.not_used} & set(koreans)
    assert not spare, f"GLOSSARY.md lists {spare} both as a term and as a spelling not used"


# --- what a day can get wrong, as lists of messages ----------------------------------------------

def other_korean(pairs: list, entries: list) -> list:
    """A glossary term's English name beside another Korean name."""
    wrong = []
    for pair in pairs:
        entry = term_of(pair, entries)
        if entry is not None and pair.korean != entry.korean:
            wrong.append(f"{where(pair)} writes {pair.korean}; the glossary's term is "
                         f"{entry.row}")
    return wrong


def ruled_out_spellings(cells, entries: list) -> list:
    """A spelling of the "not used" column anywhere in a markdown cell (spaces optional)."""
    wrong = []
    for day, cell, text in cells:
        for entry in entries:
            for spelling in entry.not_used:
                pattern = r"\s*".join(map(re.escape, spelling.replace(" ", "")))
                for match in re.finditer(pattern, text):
                    wrong.append(f"{day}, cell {cell}: '{match.group(0)}' is not used; the "
                                 f"glossary's term is {entry.row}")
    return wrong


def unknown_korean(pairs: list, entries: list) -> list:
    known = {entry.korean for entry in entries}
    return [f"{where(pair)}: {pair.korean} is not in GLOSSARY.md" for pair in pairs
            if pair.korean not in known]


def wrong_first_days(pairs: list, entries: list) -> list:
    first = {}
    for pair in pairs:
        day = int(pair.day[3:5])
        first[pair.korean] = min(day, first.get(pair.korean, day))
    return [f"{entry.row}: first paired on day {first[entry.korean]}, not day {entry.first_day}"
            if entry.korean in first else f"{entry.row}: no day pairs this term"
            for entry in entries if first.get(entry.korean) != entry.first_day]


def test_each_slip_is_named_with_its_day_cell_and_glossary_row():
    entries = [Entry(("central difference",), "중심 차분", 3, ("중앙 차분",), "| central ... |"),
               Entry(("epoch",), "에포크", 1, ("에폭",), "| epoch ... |")]
    cells = [("day03_x", "c7", "a central difference (중앙 차분) and one epoch (에포크)"),
             ("day13_y", "c2", "One epoch (에폭), then 중앙차분 again")]
    pairs = [pair for cell in cells for pair in pairs_in(*cell)]
    assert other_korean(pairs, entries) == [
        "day03_x, cell c7: '...a central difference (중앙 차분)' writes 중앙 차분; the glossary's "
        "term is | central ... |",
        "day13_y, cell c2: '...One epoch (에폭)' writes 에폭; the glossary's term is | epoch ... |"]
    assert ruled_out_spellings(cells, entries) == [
        "day03_x, cell c7: '중앙 차분' is not used; the glossary's term is | central ... |",
        "day13_y, cell c2: '중앙차분' is not used; the glossary's term is | central ... |",
        "day13_y, cell c2: '에폭' is not used; the glossary's term is | epoch ... |"]
    assert unknown_korean(pairs, entries) == [
        "day03_x, cell c7: '...a central difference (중앙 차분)': 중앙 차분 is not in GLOSSARY.md",
        "day13_y, cell c2: '...One epoch (에폭)': 에폭 is not in GLOSSARY.md"]
    assert wrong_first_days(pairs, entries) == [
        "| central ... |: no day pairs this term", "| epoch ... |: first paired on day 3, not day 1"]


# --- the days against the glossary -----------------------------------------------------------------

def test_every_glossary_term_has_its_korean_name(entries, pairs):
    wrong = other_korean(pairs, entries)
    assert not wrong, "\n".join(wrong)


def test_no_day_uses_a_spelling_the_glossary_rules_out(entries):
    wrong = ruled_out_spellings(markdown_cells(), entries)
    assert not wrong, "\n".join(wrong)


def test_every_korean_term_of_the_days_is_in_the_glossary(entries, pairs):
    missing = unknown_korean(pairs, entries)
    assert not missing, "\n".join(missing)


def test_the_first_day_of_each_term_is_right(entries, pairs):
    wrong = wrong_first_days(pairs, entries)
    assert not wrong, "\n".join(wrong)
