"""MNIST framing of drawings: size, position, polarity, transparency, robustness."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.core.data.framing import frame_digit
from digitpad.core.errors import ImageError


def draw_seven(
    size: int, box: tuple[float, float, float, float], pen: float, dark_on_light: bool = True
) -> Image.Image:
    """A '7' drawn with a round pen inside `box` (fractions of the pad: x0, y0, x1, y1)."""
    bg, ink = (255, 0) if dark_on_light else (0, 255)
    image = Image.new("L", (size, size), bg)
    x0, y0, x1, y1 = (v * size for v in box)
    points = [(x0, y0), (x1, y0), (x0 + 0.3 * (x1 - x0), y1)]
    ImageDraw.Draw(image).line(points, fill=ink, width=round(pen), joint="curve")
    for x, y in (points[0], points[-1]):
        ImageDraw.Draw(image).ellipse(
            [x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=ink
        )
    return image


def center_of_mass(a: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(a.shape)
    return float((ys * a).sum() / a.sum()), float((xs * a).sum() / a.sum())


def test_output_is_mnist_framed() -> None:
    framed = frame_digit(draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=16))
    assert framed.shape == (28, 28) and framed.dtype == np.float32
    assert framed.min() >= 0.0 and framed.max() <= 1.0
    rows, cols = np.nonzero(framed > 0.02)
    assert rows.max() - rows.min() + 1 == 20, "the longer side fills the 20-pixel box"
    assert cols.max() - cols.min() + 1 < 20, "aspect ratio kept"
    cy, cx = center_of_mass(framed)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    assert ((framed > 0.05) & (framed < 0.95)).any(), "anti-aliased grey edges, as in MNIST"


def test_small_in_corner_equals_large_in_centre() -> None:
    from scipy.ndimage import gaussian_filter

    small = frame_digit(draw_seven(400, (0.04, 0.04, 0.2, 0.28), pen=8))
    large = frame_digit(draw_seven(400, (0.25, 0.1, 0.75, 0.85), pen=26))
    # Centring rounds to whole pixels (as MNIST did), so compare at the scale of a pixel.
    assert np.abs(gaussian_filter(small, 1.0) - gaussian_filter(large, 1.0)).mean() < 0.03
    assert np.allclose(center_of_mass(small), center_of_mass(large), atol=1.0)


def test_both_polarities_agree() -> None:
    dark = frame_digit(draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=16, dark_on_light=True))
    light = frame_digit(draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=16, dark_on_light=False))
    np.testing.assert_allclose(dark, light, atol=1e-6)


def test_grey_paper_counts_as_background() -> None:
    clean = draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=16)
    paper = Image.eval(clean, lambda v: 60 + v * 140 // 255)  # dark grey ink on grey paper
    framed = frame_digit(paper)
    assert framed[0].max() == 0.0 and framed.max() > 0.9, "no haze from the paper, full ink"
    assert np.abs(framed - frame_digit(clean)).mean() < 0.02


def test_rgb_and_rgba_inputs() -> None:
    gray = draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=16)
    expected = frame_digit(gray)
    np.testing.assert_allclose(frame_digit(gray.convert("RGB")), expected, atol=0.01)
    np.testing.assert_allclose(frame_digit(np.asarray(gray.convert("RGB"))), expected, atol=0.01)
    # Black strokes on a fully transparent layer: alpha is the ink, colour is irrelevant.
    rgba = Image.new("RGBA", gray.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(gray, lambda v: 255 - v))
    np.testing.assert_allclose(frame_digit(rgba), expected, atol=0.01)
    # An opaque white pad with transparent margins: transparent counts as background.
    padded = Image.new("RGBA", (400, 400), (255, 0, 0, 0))
    padded.paste(gray.convert("RGBA"), (60, 60))
    np.testing.assert_allclose(frame_digit(padded), expected, atol=0.01)


@pytest.mark.parametrize(
    "blank",
    [
        Image.new("L", (280, 280), 255),
        Image.new("RGB", (280, 280), (0, 0, 0)),
        Image.new("RGBA", (280, 280), (0, 0, 0, 0)),
        np.zeros((28, 28), np.float32),
    ],
)
def test_blank_pad_is_no_digit(blank) -> None:
    assert frame_digit(blank) is None


def test_a_lone_speck_is_no_digit() -> None:
    pad = np.full((280, 280), 255, np.uint8)
    pad[100:102, 50:52] = 0
    assert frame_digit(pad) is None


def test_speckle_noise_is_ignored() -> None:
    clean = draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=16)
    noisy = np.asarray(clean).copy()
    rng = np.random.default_rng(0)
    ys, xs = rng.integers(0, 280, 300), rng.integers(0, 280, 300)
    noisy[ys, xs] = 0  # 300 black salt pixels all over the pad
    np.testing.assert_allclose(frame_digit(noisy), frame_digit(clean), atol=0.05)


def test_a_single_dot_does_not_crash() -> None:
    pad = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(pad).ellipse([130, 130, 148, 148], fill=0)
    framed = frame_digit(pad)
    assert framed is not None and framed.shape == (28, 28)


def test_one_pixel_line() -> None:
    pad = np.zeros((280, 280), np.uint8)
    pad[40:240, 140] = 255
    framed = frame_digit(pad)
    rows, cols = np.nonzero(framed > 0.02)
    assert rows.max() - rows.min() + 1 == 20 and cols.max() - cols.min() + 1 <= 2


def test_tall_one_keeps_its_aspect() -> None:
    pad = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(pad).line([(150, 10), (150, 290)], fill=0, width=12)
    framed = frame_digit(pad)
    cols = np.nonzero((framed > 0.02).any(axis=0))[0]
    assert len(cols) <= 3, "a '1' stays thin instead of being stretched into a block"


def test_stroke_touching_the_edge() -> None:
    pad = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(pad).line([(0, 0), (0, 279), (140, 279)], fill=0, width=20)
    framed = frame_digit(pad)
    assert framed is not None and abs(center_of_mass(framed)[0] - 14) <= 0.5


def test_very_large_image_is_fast() -> None:
    big = draw_seven(8000, (0.3, 0.2, 0.7, 0.8), pen=400)
    frame_digit(big)  # warm caches
    started = time.perf_counter()
    framed = frame_digit(big)
    elapsed = time.perf_counter() - started
    reference = frame_digit(draw_seven(280, (0.3, 0.2, 0.7, 0.8), pen=14))
    assert np.abs(framed - reference).mean() < 0.05
    assert elapsed < 5.0  # a guard against pathological slowness, not a benchmark


def test_float_nan_is_a_clear_error() -> None:
    bad = np.zeros((28, 28), np.float32)
    bad[3, 3] = np.nan
    with pytest.raises(ImageError, match="NaN"):
        frame_digit(bad)


@pytest.mark.parametrize("bad", [np.zeros((28, 28, 2)), np.zeros((0, 0)), "image.png"])
def test_unusable_inputs(bad) -> None:
    with pytest.raises(ImageError):
        frame_digit(bad)


def test_mnist_digits_pass_through_unchanged(small_mnist) -> None:
    for image in small_mnist.x_test[:50]:
        np.testing.assert_allclose(frame_digit(image), image / 255.0, atol=0.02)


def scribbles(count: int, seed: int) -> list[np.ndarray]:
    """8-bit pads of random sizes and colours with random strokes, specks and salt noise,
    and pads of noise only (every level, on the border too)."""
    rng = np.random.default_rng(seed)
    pads = []
    for k in range(count):
        size = int(rng.integers(40, 600))
        if k % 10 == 9:
            pads.append(rng.integers(0, 256, (size // 4, size // 3), dtype=np.uint8))
            continue
        pad = int(rng.choice([255, 0, 235, 25, 128]))
        ink = 0 if pad > 100 else 255
        image = Image.new("L", (size, size), pad)
        draw = ImageDraw.Draw(image)
        for _ in range(int(rng.integers(0, 4))):
            points = [tuple(rng.uniform(0, size, 2)) for _ in range(int(rng.integers(2, 5)))]
            draw.line(points, fill=ink, width=int(rng.integers(1, 30)), joint="curve")
        for _ in range(int(rng.integers(0, 8))):  # specks, some beside the strokes
            x, y, r = *rng.uniform(0, size, 2), rng.uniform(0.3, 4)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=ink)
        levels = np.asarray(image)
        if k % 3 == 0:
            levels = np.where(rng.random(levels.shape) < 0.002, ink, levels).astype(np.uint8)
        pads.append(levels)
    return pads


def test_eight_bit_drawings_frame_as_their_float_values() -> None:
    """The pad's 8-bit images are read level by level (a shortcut); the result is the one
    the general path gives for the same values as floats, bit for bit."""
    for levels in scribbles(120, seed=7):
        want = frame_digit(levels.astype(np.float32) / 255.0)
        for same in (levels, Image.fromarray(levels), levels[:, :, None]):
            got = frame_digit(same)
            assert (got is None) == (want is None)
            if want is not None:
                np.testing.assert_array_equal(got, want)
