"""watcher: collects schools' reports from a shared folder and says who is done."""

__version__ = "0.1.0"
