"""Try it on the network: the window's side of `core.experiments` (move the digit, switch maps
off, edit a kernel), as walk-through pages and the inside view's controls."""
