FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 WATCHER_CONFIG=/config/watcher.toml
RUN useradd --create-home --uid 10001 watcher && mkdir -p /state /config && chown watcher /state
WORKDIR /app
COPY pyproject.toml README.md ./
COPY watcher ./watcher
RUN pip install --no-cache-dir .

USER watcher
VOLUME ["/state"]
EXPOSE 8730
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s CMD ["watcher", "health"]
CMD ["watcher", "run"]
