"""`digitpad train --epochs 1` as a whole process against the course's own script, alternating.

Each round runs both as fresh processes, one after the other (the order swapping every
round, so a noisy shared machine slows both alike), on the same MNIST files: the course's
script (benchmarks/course_script.py: import Keras, read MNIST, build, one epoch with the
test set as validation, `model.evaluate`) and `python -m digitpad train --epochs 1 --data …
--out …` (the same, plus digitpad's per-batch progress, the digit judgement's fit and
saving the model with its record and statistics), each with a private DIGITPAD_HOME.
Prints each run's wall time and test accuracy, then the medians and their ratio as a speed
(course time / digitpad time; target ≥ 0.9).

    python benchmarks/train_vs_course.py --data /path/to/mnist [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def env(home: str) -> dict[str, str]:
    return {**os.environ, "DIGITPAD_HOME": home, "TF_CPP_MIN_LOG_LEVEL": "3", "LANGUAGE": "en"}


def run(command: list[str], home: str) -> tuple[float, str]:
    """Wall seconds of `command` as a whole process, and its output."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env(home), timeout=3600)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[1:3]} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a folder of MNIST IDX files")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    times: dict[str, list[float]] = {"course": [], "digitpad": []}
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="digitpad-train-vs-course-") as home:
            out = Path(home) / "one-epoch.keras"
            data = str(args.data)
            commands = {
                "course": [sys.executable, str(HERE / "course_script.py"), "--data", data],
                "digitpad": [sys.executable, "-m", "digitpad", "train", "--epochs", "1",
                             "--data", data, "--out", str(out)],
            }  # fmt: skip
            order = ["course", "digitpad"] if r % 2 == 0 else ["digitpad", "course"]
            for name in order:
                seconds, said = run(commands[name], home)
                times[name].append(seconds)
                accuracy = next(
                    (line.split()[-1] for line in said.splitlines() if "Test accuracy" in line),
                    "?",
                )
                print(
                    f"round {r + 1} {name:>8}: {seconds:6.1f} s  test accuracy {accuracy}",
                    flush=True,
                )
    course, ours = (statistics.median(times[k]) for k in ("course", "digitpad"))
    print()
    print(
        f"course script  median {course:6.1f} s  ({', '.join(f'{t:.1f}' for t in times['course'])})"
    )
    print(
        f"digitpad train median {ours:6.1f} s  ({', '.join(f'{t:.1f}' for t in times['digitpad'])})"
    )
    print(f"speed, course time / digitpad time: {course / ours:.3f}  (target ≥ 0.9)")


if __name__ == "__main__":
    main()
