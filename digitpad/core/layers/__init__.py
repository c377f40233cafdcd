"""The layer registry: each kind of Keras layer digitpad knows is one entry (kinds/)."""
