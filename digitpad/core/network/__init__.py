"""The course's `model.add(...)` code: parsed (never run), checked, built; presets, table."""
