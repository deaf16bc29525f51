"""Words people read, in Vietnamese and English. Keys are stable; texts are for humans.

Each module of this package holds one topic's texts as `TEXTS = {key: {"vi": ..., "en": ...}}`;
a new topic is a new module (keys must not repeat across modules: import fails if they do).
"""

from __future__ import annotations

import importlib
import pkgutil

from watcher.model import Role, Status

LANGUAGES = ("vi", "en")


def _catalog() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        texts = importlib.import_module(f"{__name__}.{module.name}").TEXTS
        repeated = catalog.keys() & texts.keys()
        if repeated:
            raise RuntimeError(f"i18n keys defined twice: {sorted(repeated)}")
        catalog.update(texts)
    return catalog


_TEXTS = _catalog()


def t(language: str, key: str, **values: object) -> str:
    texts = _TEXTS[key]
    text = texts.get(language) or texts["vi"]
    return text.format(**values) if values else text


def status_label(status: Status, language: str) -> str:
    return t(language, f"status.{status.value}")


def role_label(role: Role, language: str) -> str:
    return t(language, f"role.{role.value}")
