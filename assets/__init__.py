"""The bundled pretrained model and the digit judgement's fitting sets (the non-digit bank,
redrawn digits; sources and licences in ATTRIBUTION.md), shipped as `digitpad.assets`.

This folder sits at the top of the repository and is mapped into the package by
`pyproject.toml` (`[tool.setuptools.package-dir]`), so a non-editable
`pip install .` ships it and `importlib.resources` finds it as
`digitpad.assets`. The file itself says how it was made (`digitpad summary`,
and the record inside it: `core.models.archive.read_metadata`).
"""
