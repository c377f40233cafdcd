"""One module per kind of Keras layer: its registry entry, with everything that differs by kind."""
