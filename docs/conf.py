"""Sphinx configuration for the orgchart documentation."""

import orgchart

project = "orgchart"
author = "The orgchart developers"
copyright = "2026, the orgchart developers"
version = release = orgchart.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "orgchart.sphinx",
]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"orgchart {release}"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
suppress_warnings = ["myst.header"]
