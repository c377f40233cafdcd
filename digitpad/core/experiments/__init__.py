"""Trying the course's claims on the network: the digit moved, maps switched off, a kernel edited.

An `Experiment` is what the student changed; it is applied to whichever weights are in use
(a loaded model, a training snapshot) as a changed copy of that `Network`, never to the model
itself, and nothing of it is ever written to a model file.
"""
