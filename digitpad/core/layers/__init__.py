"""The layer registry: what digitpad knows about each kind of Keras layer."""
