"""View ▸ Inside the network: every layer's activations as grids, one pixel's arithmetic."""
