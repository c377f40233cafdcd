"""The Qt-free heart of digitpad: data, model, training, framing, inference.

Nothing in here imports Qt, so the CLI and the tests use it without a display;
TensorFlow is imported inside the functions that need it (training, and a
model the NumPy pass does not cover): a model file is read and run without it.
"""
