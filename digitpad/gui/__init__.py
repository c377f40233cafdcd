"""The PySide6 desktop window. All Qt lives in this sub-package; `digitpad.core` never imports it.

Importing `digitpad.gui.window.main_window` must stay cheap and must not import
TensorFlow: the window is shown first, and the model loads in the background
(read and run in NumPy: TensorFlow only comes with training).
"""
