"""tools/build_not_a_digit_sets.py and tools/pad_rendering.py: what they read from each source
and how they draw it, on small inputs made here (the real sources are cloned by the tool,
never by the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import build_not_a_digit_sets as sets
import pad_rendering as pad

INKML = """<ink xmlns="http://www.w3.org/2003/InkML">
  <annotation type="writer">alice</annotation>
  <trace id="0">10 10, 20 20, 30 30</trace>
  <trace id="1">30 10, 10 30</trace>
  <trace id="2">50 10, 50 30</trace>
  <traceGroup>
    <annotation type="truth">Segmentation</annotation>
    <traceGroup>
      <annotation type="truth">x</annotation>
      <traceView traceDataRef="0"/>
      <traceView traceDataRef="1"/>
    </traceGroup>
    <traceGroup>
      <annotation type="truth">1</annotation>
      <traceView traceDataRef="2"/>
    </traceGroup>
  </traceGroup>
</ink>
"""


def test_crohme_symbols_are_read_with_their_traces_and_writer(tmp_path: Path) -> None:
    (tmp_path / "one.inkml").write_text(INKML)
    (tmp_path / "broken.inkml").write_text("<ink")  # cut short: skipped, not fatal
    found = {label: (lines, writer) for label, lines, writer in sets.crohme_symbols(tmp_path)}
    assert set(found) == {"x", "1"}  # the enclosing group holds no trace of its own
    lines, writer = found["x"]
    assert writer == "w:alice"
    np.testing.assert_array_equal(lines[0], [[10, 10], [20, 20], [30, 30]])
    np.testing.assert_array_equal(lines[1], [[30, 10], [10, 30]])
    assert len(found["1"][0]) == 1


def test_labels_fall_into_kinds_and_digit_like_ones_are_never_to_be_turned_away() -> None:
    assert sets.crohme_kind("7") == "digit"
    assert sets.crohme_kind("k") == "letter"
    assert sets.crohme_kind("\\alpha") == "greek"
    assert sets.crohme_kind("+") == "symbol"
    assert sets.crohme_kind("O") == sets.crohme_kind("\\theta") == "ambiguous"
    assert sets.crohme_kind("\\sin") is None  # a word, not one mark


def test_writers_split_the_same_way_every_time_and_about_half_each() -> None:
    writers = [f"w:{i}" for i in range(400)]
    first = [sets.writer_split(w) for w in writers]
    assert first == [sets.writer_split(w) for w in writers]
    assert 0.4 < first.count("eval") / len(first) < 0.6


def test_stroke3_sequences_become_polylines_at_each_pen_lift() -> None:
    sequence = np.array([[0, 0, 0], [3, 0, 1], [0, 2, 0], [1, 1, 1]], dtype=float)
    lines = pad.stroke3_lines(sequence)
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0], [[0, 0], [3, 0]])
    np.testing.assert_array_equal(lines[1], [[3, 2], [4, 3]])


def test_a_drawing_is_framed_as_the_pad_frames_it_and_seeded() -> None:
    cross = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0]])]
    one = pad.draw(cross, np.random.default_rng(3))
    again = pad.draw(cross, np.random.default_rng(3))
    other = pad.draw(cross, np.random.default_rng(4))
    assert one is not None and again is not None and other is not None
    assert one.shape == (28, 28) and one.dtype == np.uint8
    np.testing.assert_array_equal(one, again)
    assert not np.array_equal(one, other)
    # Framed like MNIST: white ink on black, the ink's box 20 px on its longer side.
    rows, cols = np.nonzero(one > 0)
    assert one[0].max() == 0 and one[:, 0].max() == 0
    assert 18 <= max(np.ptp(rows), np.ptp(cols)) + 1 <= 22


def test_a_scanned_character_is_thinned_to_its_centre_line() -> None:
    bar = np.zeros((32, 32), np.float32)
    bar[4:28, 14:19] = 1.0  # a thick vertical stroke
    lines = pad.offline_lines(bar, work=32)
    assert lines is not None
    xs = np.concatenate([line[:, 0] for line in lines])
    assert np.ptp(xs) <= 2  # one pixel wide, not five
    assert pad.offline_lines(np.zeros((8, 8), np.float32)) is None
