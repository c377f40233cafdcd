"""Watching it learn: the pad read by the network as it trains (live), and any run replayed
from its snapshots with a training-time slider (the walk-through, the inside view, Runs)."""
