"""linkedin-bot: a self-hosted LinkedIn routine (birthday wishes, profile sourcing)."""

__version__ = "0.1.0"
