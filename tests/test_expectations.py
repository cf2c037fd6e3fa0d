"""The visible cases' expected values stored in the student's install (coursekit.checks.stored)
equal what the answer key computes, and the instructor command keeps them so."""
from __future__ import annotations

import json

import numpy as np
import pytest

from coursekit.checks import course_checks, hidden, regularization, stored
from coursekit.checks.lookalikes import KEYED_SLIPS
from coursekit.checks.core import CheckFailure
from coursekit_key import expectations


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """stored.FOLDER moved to an empty temporary folder."""
    monkeypatch.setattr(stored, "FOLDER", tmp_path / "expected")
    stored._entries.cache_clear()
    yield stored.FOLDER
    stored._entries.cache_clear()


def test_the_stored_expected_values_are_those_the_answer_key_computes():
    wanted = expectations.texts()
    assert stored.path("coursekit.checks.regularization") in wanted
    assert expectations.stale(wanted) == [], (
        "run `python -m coursekit_key.expectations --write` and commit the files")


def test_a_check_whose_reference_is_in_the_key_reads_its_visible_answers_from_the_data():
    check = regularization.weight_decay_loss
    assert check.reference is None and check.solution() is not None
    for index, case in enumerate(check.cases()):
        value = stored.lookup(check.suite, check.name, index, case.label)
        assert value is not stored.MISSING
        assert value == check.computed(case)
    assert check.expected(check.cases()[0], 0) == pytest.approx(0.5 * 0.1 * 30.5)


def test_the_command_writes_checks_and_removes_stray_files(folder, capsys):
    assert expectations.main([]) == 1
    assert expectations.main(["--write"]) == 0
    (folder / "gone.json").write_text("{}")
    assert expectations.main([]) == 1
    assert "gone.json" in capsys.readouterr().out
    assert expectations.main(["--write"]) == 0
    assert expectations.main([]) == 0
    topics = sorted(p.name for p in expectations.texts())
    assert "regularization.json" in topics
    assert sorted(p.name for p in folder.iterdir()) == topics


def test_stored_values_older_than_the_visible_cases_are_named_not_used(folder):
    check = regularization.weight_decay_grads
    case = check.cases()[0]
    folder.mkdir()
    stored.path(check.suite).write_text(stored.encode({check.name: [("another case", 1.0)]}))
    with pytest.raises(CheckFailure, match="stored expected values do not match .* "
                                           "coursekit_key.expectations --write"):
        check.expected(case, 0)


def test_values_round_trip_losslessly():
    value = {"W1": np.array([[0.1, np.nan]], dtype=np.float32), "b": (1, -np.inf), "n": 2.5}
    text = stored.encode({"x": [("label", value)]})
    back = stored.evidence.decode(json.loads(text)["x"][0]["expected"])
    assert list(back) == ["W1", "b", "n"] and back["W1"].dtype == np.float32
    np.testing.assert_array_equal(back["W1"], value["W1"])
    assert back["b"] == (1, -np.inf) and back["n"] == 2.5


def test_every_keyed_slip_has_its_formula_in_the_key():
    course_checks()
    assert KEYED_SLIPS, "no check uses a KeyedSlip"
    for slip in KEYED_SLIPS:
        assert hidden.slip(slip.suite, slip.name) is not None, slip
        assert f"{slip.suite}.{slip.name.split('.')[0]}" in course_checks(), slip


def test_stored_floats_may_differ_from_the_key_in_the_last_bit_only():
    """Another CPU's BLAS or exp may round a computed expected value's last bit otherwise; a
    stored file still holds the key's data then, but not after a real change."""
    value = np.array([0.1, 1 / 3, 2.0])
    text = stored.encode({"f": [("case", value)]})
    assert expectations.same_data(text, stored.encode({"f": [("case", value * (1 + 2e-16))]}))
    assert not expectations.same_data(text, stored.encode({"f": [("case", value * (1 + 1e-9))]}))
    assert not expectations.same_data(text, stored.encode({"f": [("case", value.astype(np.float32))]}))
    assert not expectations.same_data(text, stored.encode({"f": [("other", value)]}))
