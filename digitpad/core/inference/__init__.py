"""Reading a drawing: the live NumPy pass, every layer's activations, judgement, saliency."""
