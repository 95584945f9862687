"""strec: keep a Sharingtools installation in the state a Git repository describes."""

__version__ = "0.1.0"
