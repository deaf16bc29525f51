"""The admin's config: the schema, TOML and roster loading, and every mistake with where it is.

`load(path)` returns a `Settings` or raises `ConfigErrors` holding every problem found, each
with the file, the line (where the format gives one) and the key path, in plain words.
"""

from watcher.config.loader import load
from watcher.config.settings import (
    DEFAULT_PATH,
    Campaign,
    ConfigErrors,
    Problem,
    Settings,
    config_path,
    deadline_of,
    is_email,
    parse_duration,
)

__all__ = [
    "DEFAULT_PATH",
    "Campaign",
    "ConfigErrors",
    "Problem",
    "Settings",
    "config_path",
    "deadline_of",
    "is_email",
    "load",
    "parse_duration",
]
