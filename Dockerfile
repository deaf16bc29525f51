# The watcher as a service: `watcher run` as a non-root user, state on a volume, HEALTHCHECK.
#
#   docker build -t watcher .
#   docker run -d --name watcher -v /srv/watcher/config:/config:ro -v watcher-state:/state watcher
#
# /config/watcher.toml (and its rosters) come from the host; in it set state_dir = "/state"
# (relative paths resolve against /config). To scrape /metrics from outside the container set
# daemon.health_host = "0.0.0.0" and publish the port (-p 127.0.0.1:8730:8730).
# Edits to the config are picked up without a restart; `docker kill -s HUP watcher` forces one.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 WATCHER_CONFIG=/config/watcher.toml
RUN useradd --create-home --uid 10001 watcher && mkdir -p /state /config && chown watcher /state
WORKDIR /app
COPY pyproject.toml README.md ./
COPY watcher ./watcher
RUN pip install --no-cache-dir .

USER watcher
WORKDIR /state
VOLUME ["/state"]
EXPOSE 8730
# SIGTERM: the current step finishes, the database is closed, exit 0 (docker stop waits 10 s;
# give a slow Drive poll more with `docker stop -t 60`).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 CMD ["watcher", "health"]
CMD ["watcher", "run"]
