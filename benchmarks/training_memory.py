"""What training takes in memory, measured, beside what digitpad estimates before training.

Each case trains one epoch in a fresh process (digitpad's own `train()`), polling the
process's resident memory every 5 ms; what it prints is the peak above the process before
training started (TensorFlow imported and warmed up, MNIST loaded), next to
`core.network.training_memory.estimate` for the same network, batch size and test images
per check. The estimate is meant to err high: it only has to keep what cannot fit from
starting. The issue's network (Conv2D(2500, 1) …), refused normally, is let through here
and measured at small batches and 100 test images at a time (its estimate counts the same
way), so that the measurement stays near 1 GB instead of the 11.7 GB it would take at the
course's batch of 128.

    python benchmarks/training_memory.py [--data PATH]   (default: the tests' 1,000-image slice)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "mnist-small"
BOMB = """\
model = Sequential()
model.add(Conv2D(2500, kernel_size=1, input_shape=(28, 28, 1)))
model.add(MaxPooling2D(28))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
"""
# (network, batch size, test images per check)
CASES = [
    ("course", 32, 1000),
    ("course", 128, 1000),
    ("course", 512, 1000),
    ("no-pooling", 128, 1000),
    ("dense-only", 128, 1000),
    ("bomb", 16, 100),
    ("bomb", 32, 100),
]

ONE_RUN = r"""
import json, sys, threading, time
name, batch, images, data_path, bomb = sys.argv[1:6]
batch, images = int(batch), int(images)
import keras, numpy as np
from digitpad.core.configs import TrainConfig
from digitpad.core.data.mnist import load_mnist
from digitpad.core.network.check import check
from digitpad.core.network.code import parse
from digitpad.core.network.presets import preset_named
from digitpad.core.network.training_memory import estimate
from digitpad.core.training import train as training

import digitpad.core.network.training_memory as budget

training.VALIDATION_BATCH = images
budget.BUDGET_BYTES = 1 << 50  # measured here, so never refused (the bomb is, normally)
code = bomb if name == "bomb" else preset_named(name).code
spec = parse(code)
data = load_mnist(data_path)
warm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
warm.compile("sgd", "mse")
warm.fit(np.zeros((4, 4)), np.zeros((4, 2)), verbose=0)

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) * 1024

base = rss()
peak = [base]
done = threading.Event()

def poll():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.005)

threading.Thread(target=poll, daemon=True).start()
training.train(data, TrainConfig(batch_size=batch, epochs=1), network=spec)
done.set()
layers = check(spec, batch).layers
print(json.dumps({"measured": peak[0] - base, "estimated": estimate(layers, batch, images).total}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=FIXTURE, help="MNIST (default: the slice)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        sys.exit("reads /proc/self/status: Linux only")
    print(f"{'network':<12} {'batch':>5} {'test/check':>10} {'measured':>10} {'estimated':>10}")
    for name, batch, images in CASES:
        proc = subprocess.run(
            [sys.executable, "-c", ONE_RUN, name, str(batch), str(images), str(args.data), BOMB],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        measured, estimated = (figures[k] / 2**20 for k in ("measured", "estimated"))
        print(f"{name:<12} {batch:>5} {images:>10} {measured:>7.0f} MB {estimated:>7.0f} MB")


if __name__ == "__main__":
    main()
