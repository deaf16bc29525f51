"""`python -m watcher.config > docs/config.md` writes the config reference."""

from watcher.config.schema import render_docs

print(render_docs(), end="")
