"""A detective game for the terminal, and the engine that plays cases written in TOML."""

__version__ = "0.1.0"
