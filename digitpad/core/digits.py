"""What the network takes and gives: a 28×28 grey digit in, one of ten digits out.

MNIST's images, the course's `input_shape = (28, 28, 1)`, the framing of a
drawing, the checks on a model file and every picture of "what the network
sees" all mean this one shape, so it is written once, here. Sentences shown to
a student may say "28×28" in words; code that sizes, reshapes or checks an
image uses these names.
"""

from __future__ import annotations

SIDE = 28  # pixels on each side of the network's input (MNIST's images)
INPUT_SHAPE = (SIDE, SIDE, 1)  # one grey channel, as Keras takes it (channels last)
CLASSES = 10  # the digits 0–9: the softmax's outputs
