"""MNIST, framing a drawing into the network's input, the user's samples, augmentation."""
