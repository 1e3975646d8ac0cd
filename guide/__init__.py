"""Turn the opioid-withdrawal guide into print-ready, translated PDF pamphlets.

The pipeline, one module per stage: regions (helpline data) -> catalogs
(translations) -> render (Jinja -> HTML) -> pdf (WeasyPrint -> file), run by
build.py and driven from cli.py.
"""

__version__ = "0.1.0"
