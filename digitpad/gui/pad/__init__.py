"""The drawing pad and beside it the live prediction, the probabilities, the network's input."""
