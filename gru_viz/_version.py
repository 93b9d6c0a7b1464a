"""gru_viz's version, in a module of its own: the package's ``__init__``, the training cache's key
(``gru_viz.cache``) and the build (``pyproject.toml`` reads it) take it from here."""
__version__ = "0.1.0"
