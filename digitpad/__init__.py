"""digitpad: draw a digit, watch the classic MNIST CNN recognize it.

Importing this package is cheap: TensorFlow and Qt load only when a command or
window needs them.
"""

__version__ = "0.1.0"
