"""Import TensorFlow without its C++ start-up chatter on the terminal.

TensorFlow 2.2x logs oneDNN, CUDA-driver and CPU-feature notices through
absl before `TF_CPP_MIN_LOG_LEVEL` takes effect, straight to file descriptor
2, so Python cannot filter them. A user asked for a digit, not a CUDA report:
stderr is pointed at /dev/null while TensorFlow starts, then restored.
Python-level errors raised by the import still reach the user.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration (process-wide)."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow and initialise its devices with fd 2 silenced (idempotent)."""
    if "tensorflow" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with stderr_silenced():
        import tensorflow as tf

        tf.config.list_physical_devices()  # the CUDA probe logs here, not at import
