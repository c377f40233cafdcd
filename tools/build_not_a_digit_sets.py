"""Rebuild the held-out sets `benchmarks/not_a_digit.py` measures the digit judgement on.

    python tools/build_not_a_digit_sets.py --out ~/not-a-digit-sets [--only crohme comnist ...]
        [--git https://github.com/{repo}.git] [--sources DIR]

Real drawings by people outside the project, from public GitHub repositories, drawn again
with the pad's pen and framed as the pad frames a drawing (tools/pad_rendering.py), each set
one `NAME.npz` in --out holding `images` (uint8 N×28×28), `label`, `kind` (digit, letter,
greek, cyrillic, symbol, cjk, doodle, ambiguous), `source`, `writer` and `split` ('fit' or
'eval': by writer, session or the source's own split; the benchmark evaluates on 'eval').
Nothing of these sets is ever fitted on; two of them may not be redistributed at all, so
they are never committed: build them here.

- crohme: voxibanez/ML-Math-Symbols, folder all/ (CROHME 2011–13 training InkML: online
  handwritten math of 121 writer groups). CROHME / TC-11: research, non-commercial; **not
  redistributable**.
- comnist: GregVial/CoMNIST, the early release's .7z archives (commit 0e79158: Latin and
  Cyrillic letters drawn on a web canvas). CC BY-SA 4.0.
- kanji: hardmaru/sketch-rnn-datasets, kanji/kanji.rdp100.npz (KanjiVG strokes). CC BY-SA 3.0.
- sheep: hardmaru/sketch-rnn-datasets, aaron_sheep/aaron_sheep.npz (the Sheep Market's mouse
  doodles). CC BY-NC 4.0; **not redistributable**.
- optdigits: vladimirbelinski/Character_Recognition_Using_Neural_Networks-T3_IA (UCI
  optdigits-orig). CC BY 4.0.
- semeion: iamb2/Semion-Digits (UCI Semeion). CC BY 4.0.

sketch-rnn-datasets is fetched without its other files (a sparse, blob-filtered clone), so
its Omniglot is never downloaded. UNIPEN, Quick, Draw! and Omniglot are never used. The
CoMNIST archives need py7zr (`pip install py7zr`, for this tool only). Takes about five
minutes on two cores; the same seeds give the same images.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pad_rendering as pad

GIT = "https://github.com/{repo}.git"
REPOSITORIES = {
    "crohme": "voxibanez/ML-Math-Symbols",
    "comnist": "GregVial/CoMNIST",
    "sketches": "hardmaru/sketch-rnn-datasets",
    "optdigits": "vladimirbelinski/Character_Recognition_Using_Neural_Networks-T3_IA",
    "semeion": "iamb2/Semion-Digits",
}
COMNIST_RELEASE = "0e79158"  # the commit holding the early release's three .7z archives
COMNIST_ARCHIVES = ("cyrillic and latin", "latin only", "cyrillic only")
SKETCH_FILES = ("kanji/kanji.rdp100.npz", "aaron_sheep/aaron_sheep.npz")

# Letters and symbols that do look like a digit: never in a set to be turned away ('ambiguous').
DIGIT_LIKE = set("OoDQIliJjTtZzySsbGBgqa") | {
    "\\theta", "\\beta", "\\delta", "\\rho",
    "|", "/", "(", ")", "[", "]", "\\{", "\\}", ",", ".", "\\ldots", "\\prime", "!",
    "З", "Э", "Ч", "Б", "Ь", "Ъ", "О",
}  # fmt: skip
GREEK = {"\\alpha", "\\beta", "\\gamma", "\\theta", "\\pi", "\\phi", "\\sigma", "\\mu",
         "\\Delta", "\\lambda"}  # fmt: skip
SYMBOLS = {
    "-", "+", "(", ")", "=", "\\sqrt", "\\times", ",", ".", "[", "]", "\\pm", "\\div", "/",
    "\\rightarrow", "\\infty", "\\ldots", "\\leq", "\\geq", "\\neq", "|", "\\prime", "\\{",
    "\\}", "\\lt", "\\gt", "!", "\\forall", "\\in", "\\exists", "\\int", "\\sum",
}  # fmt: skip
INKML = "{http://www.w3.org/2003/InkML}"
Row = tuple[np.ndarray, str, str, str, str, str]  # image, label, kind, source, writer, split


def git(*args: str, cwd: Path | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True).stdout


# What of each repository is checked out (None: nothing, the files are read from its history).
CHECKOUT: dict[str, tuple[str, ...] | None] = {
    "crohme": ("all",),
    "comnist": None,
    "sketches": SKETCH_FILES,  # its Omniglot is never checked out nor, from GitHub, downloaded
    "optdigits": ("optdigits-orig.tra", "optdigits-orig.tes"),
    "semeion": ("semeion.txt",),
}


def fetch(name: str, sources: Path, template: str) -> Path:
    """The clone of `name`'s repository under `sources` (made once): only the files a set is
    built from are checked out (blob-filtered from GitHub, so nothing else is downloaded). A
    clone that fails leaves nothing behind."""
    owner, repo = REPOSITORIES[name].split("/")
    where = sources / f"{owner}+{repo}"
    if where.exists():
        return where
    url = template.format(repo=REPOSITORIES[name], owner=owner, name=repo)
    print(f"fetching {REPOSITORIES[name]} from {url}", flush=True)
    partial = sources / f"{owner}+{repo}.partial"
    subprocess.run(["rm", "-rf", str(partial)], check=True)
    paths = CHECKOUT[name]
    try:
        if paths is None:  # the archives live in the history
            git("clone", "--no-checkout", url, str(partial))
        else:
            git("clone", "--depth", "1", "--filter=blob:none", "--no-checkout", url, str(partial))
            git("sparse-checkout", "set", "--no-cone", *paths, cwd=partial)
            git("checkout", cwd=partial)
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"could not fetch {url}: {exc.stderr.decode(errors='replace')}") from None
    partial.rename(where)
    return where


def writer_split(writer: str, eval_share: float = 0.5, salt: str = "nd") -> str:
    h = int(hashlib.sha1((salt + writer).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "eval" if h < eval_share else "fit"


def save(out: Path, name: str, rows: list[Row]) -> None:
    images, label, kind, source, writer, split = zip(*rows, strict=True)
    np.savez_compressed(
        out / f"{name}.npz",
        images=np.stack(images),
        label=np.array(label),
        kind=np.array(kind),
        source=np.array(source),
        writer=np.array(writer),
        split=np.array(split),
    )
    kinds = {k: kind.count(k) for k in sorted(set(kind))}
    print(f"{name}: {len(rows)} images {kinds}", flush=True)


# CROHME ------------------------------------------------------------------------------------


def crohme_writer(path: Path, root: ET.Element) -> str:
    for a in root.findall(f"{INKML}annotation"):
        if a.get("type") == "writer" and a.text and a.text.strip():
            return "w:" + a.text.strip()
    stem = path.stem
    m = re.match(r"(formulaire\d+)", stem) or re.match(r"(\d+-\d+)-", stem)
    m = m or re.match(r"(.+?)_sub_", stem) or re.match(r"(.+?)[-_]\d+$", stem)
    return "f:" + (m.group(1) if m else stem)


def crohme_symbols(folder: Path) -> Iterator[tuple[str, list[np.ndarray], str]]:
    """(label, polylines, writer) for every segmented symbol of every expression."""
    for path in sorted(folder.glob("*.inkml")):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        traces = {}
        for t in root.findall(f"{INKML}trace"):
            points = [p.split()[:2] for p in (t.text or "").split(",") if len(p.split()) >= 2]
            if points:
                traces[t.get("id")] = np.array(points, dtype=np.float64)
        writer = crohme_writer(path, root)
        for group in root.iter(f"{INKML}traceGroup"):
            truth = group.find(f"{INKML}annotation")
            if truth is None or truth.get("type") != "truth":
                continue
            refs = [v.get("traceDataRef") for v in group.findall(f"{INKML}traceView")]
            if refs and all(r in traces for r in refs):
                yield (truth.text or "").strip(), [traces[r] for r in refs], writer


def crohme_kind(label: str) -> str | None:
    if label in DIGIT_LIKE:
        return "ambiguous"
    if len(label) == 1 and label.isdigit():
        return "digit"
    if len(label) == 1 and label.isascii() and label.isalpha():
        return "letter"
    if label in GREEK:
        return "greek"
    return "symbol" if label in SYMBOLS else None  # words (\sin, \lim, …) are not one mark


def build_crohme(sources: Path, template: str) -> list[Row]:
    rng = np.random.default_rng(11)
    pool: dict[str, list[tuple[list[np.ndarray], str, str]]] = {}
    for label, lines, writer in crohme_symbols(fetch("crohme", sources, template) / "all"):
        kind = crohme_kind(label)
        if kind is not None and np.ptp(np.concatenate(lines), axis=0).max() > 0:
            pool.setdefault(label, []).append((lines, writer, kind))
    rows = []
    for label in sorted(pool):
        items = pool[label]
        count = min(len(items), 400 if label.isdigit() else 160)
        for i in rng.choice(len(items), size=count, replace=False):
            lines, writer, kind = items[i]
            image = pad.draw(lines, rng)
            if image is not None:
                rows.append((image, label, kind, "crohme", writer, writer_split(writer)))
    return rows


# CoMNIST -----------------------------------------------------------------------------------


def build_comnist(sources: Path, template: str) -> list[Row]:
    from PIL import Image

    try:
        import py7zr
    except ImportError:
        raise SystemExit("the CoMNIST archives need py7zr: pip install py7zr") from None
    clone = fetch("comnist", sources, template)
    unpacked = sources / "comnist-unpacked"
    if not unpacked.exists():
        with tempfile.TemporaryDirectory() as tmp:
            for archive in COMNIST_ARCHIVES:
                packed = Path(tmp) / f"{archive}.7z"
                packed.write_bytes(git("show", f"{COMNIST_RELEASE}:images/{archive}.7z", cwd=clone))
                with py7zr.SevenZipFile(packed) as z:
                    z.extractall(unpacked / archive)
    files = sorted(unpacked.glob("*/*/*/*.png"))
    stamps = sorted({int(f.stem[:8], 16) for f in files})
    # uniqid() names: seconds since 1970 in hex. Ten quiet minutes start a new session, the
    # nearest thing to a writer this release has.
    session, starts = {}, 0
    for i, t in enumerate(stamps):
        starts += i == 0 or t - stamps[i - 1] > 600
        session[t] = f"s{starts:02d}"
    rng = np.random.default_rng(12)
    rows = []
    for f in files:
        label, where = f.parent.name, str(f)
        kind = "cyrillic" if "cyrillic only" in where or not label.isascii() else "letter"
        if "cyrillic and latin" in where:  # letters both alphabets share (A B C E H K M …)
            kind = "letter"
        kind = "ambiguous" if label in DIGIT_LIKE else kind
        rgba = np.asarray(Image.open(f).convert("RGBA"), dtype=np.float32) / 255.0
        lines = pad.offline_lines(rgba[..., 3] * (1.0 - rgba[..., :3].mean(axis=2)), work=72)
        image = None if lines is None else pad.draw(lines, rng)
        if image is not None:
            writer = session[int(f.stem[:8], 16)]
            rows.append((image, label, kind, "comnist", writer, writer_split(writer)))
    return rows


# sketch-rnn's strokes: KanjiVG, the Sheep Market -------------------------------------------


def stroke_set(file: str, name: str, kind: str, fit: int, seed: int) -> Callable[..., list[Row]]:
    def build(sources: Path, template: str) -> list[Row]:
        rng = np.random.default_rng(seed)
        path = fetch("sketches", sources, template) / file
        with np.load(path, allow_pickle=True, encoding="latin1") as data:  # sketch-rnn's own
            parts = {part: data[part] for part in ("train", "valid", "test")}
        rows = []
        for part, split, count in (("train", "fit", fit), ("valid", "eval", None),
                                   ("test", "eval", None)):  # fmt: skip
            sequences = parts[part]
            picks = (
                range(len(sequences))
                if count is None
                else rng.choice(len(sequences), count, replace=False)
            )
            for i in picks:
                image = pad.draw(pad.stroke3_lines(sequences[i]), rng, pad.SKETCH_PEN)
                if image is not None:
                    rows.append((image, f"{part}{i}", kind, name, f"{part}{i}", split))
        return rows

    return build


# Real digits: UCI optdigits and Semeion -----------------------------------------------------


def build_optdigits(sources: Path, template: str) -> list[Row]:
    rng = np.random.default_rng(13)
    clone = fetch("optdigits", sources, template)
    rows = []
    for part, split in (("tra", "fit"), ("tes", "eval")):
        bits: list[list[int]] = []
        for line in (clone / f"optdigits-orig.{part}").read_text().splitlines():
            s = line.strip()
            if len(s) == 32 and set(s) <= {"0", "1"}:
                bits.append([int(c) for c in s])
            elif s.isdigit() and len(bits) == 32:
                lines = pad.offline_lines(np.array(bits, dtype=np.float32), work=64)
                image = None if lines is None else pad.draw(lines, rng)
                if image is not None:  # the files hold writers in blocks, without their ids
                    rows.append((image, s, "digit", "optdigits", part, split))
                bits = []
            else:
                bits = []
    return rows


def build_semeion(sources: Path, template: str) -> list[Row]:
    rng = np.random.default_rng(14)
    data = np.loadtxt(fetch("semeion", sources, template) / "semeion.txt", usecols=range(266))
    rows = []
    for row in data:
        lines = pad.offline_lines(row[:256].reshape(16, 16).astype(np.float32), work=48)
        image = None if lines is None else pad.draw(lines, rng)
        if image is not None:
            rows.append((image, str(int(np.argmax(row[256:]))), "digit", "semeion", "-", "eval"))
    return rows


BUILDERS: dict[str, Callable[[Path, str], list[Row]]] = {
    "crohme": build_crohme,
    "comnist": build_comnist,
    "kanji": stroke_set(SKETCH_FILES[0], "kanji", "cjk", 2000, 15),
    "sheep": stroke_set(SKETCH_FILES[1], "sheep", "doodle", 1500, 16),
    "optdigits": build_optdigits,
    "semeion": build_semeion,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the sets to")
    parser.add_argument("--only", nargs="*", choices=list(BUILDERS), default=list(BUILDERS))
    parser.add_argument("--git", default=GIT, help="where to clone from ({repo}: owner/name)")
    parser.add_argument("--sources", type=Path, help="where the clones go (default: OUT/sources)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sources = args.sources or args.out / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for name in args.only:
        started = time.perf_counter()
        save(args.out, name, BUILDERS[name](sources, args.git))
        print(f"  {name} built in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
