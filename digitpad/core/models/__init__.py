"""The `.keras` model file: the course's CNN, safe loading, atomic saving, records, library."""
