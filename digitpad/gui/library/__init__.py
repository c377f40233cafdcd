"""The user's things in dialogs: models, runs, samples, and a model's layer table."""
