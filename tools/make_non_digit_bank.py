"""Regenerate assets/non-digits.npz, the marks the judgement is fitted on.

    python tools/make_non_digit_bank.py

`benchmarks/synthetic.py` draws BANK_PER_CATEGORY marks of each category
(letters from the fitting fonts and letters, dots, dashes, crosses, stars,
arrows, zigzags, hashes, smileys, spirals, scribbles) with BANK_SEED; each
is framed as the pad frames a drawing and stored as uint8 28×28. Marks
that frame to nothing (a click smaller than a speck) are left out. The
benchmark's evaluation marks use another seed, other letters and other fonts.
Deterministic on one machine; the letters depend on the fonts installed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

from digitpad.core.data.framing import frame_digit  # noqa: E402

OUT = ROOT / "assets" / "non-digits.npz"


def main() -> None:
    started = time.perf_counter()
    marks = synthetic.make_marks(synthetic.BANK_PER_CATEGORY, synthetic.BANK_SEED, "fit")
    images, categories = [], []
    for mark in marks:
        framed = frame_digit(mark.image)
        if framed is not None:
            images.append(np.round(framed * 255).astype(np.uint8))
            categories.append(synthetic.CATEGORIES.index(mark.category))
    np.savez_compressed(
        OUT,
        images=np.stack(images),
        categories=np.array(categories, dtype=np.uint8),
        names=np.array(synthetic.CATEGORIES),
    )
    fonts = ", ".join(getattr(f, "path", "built-in") for f in synthetic.fonts("fit"))
    print(
        f"{len(images)} of {len(marks)} marks framed into {OUT} "
        f"({OUT.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s; "
        f"fonts: {fonts}"
    )


if __name__ == "__main__":
    main()
