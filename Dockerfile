FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# WeasyPrint needs Pango and HarfBuzz (fonts ship in static/fonts); gettext for compilemessages; the PostgreSQL
# client (pg_dump / pg_restore, major version 15 as the db image) for `manage.py backup` and `restore`.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 gettext postgresql-client && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /home/sakip sakip \
    && mkdir -p /data/media /data/backups && chown sakip:sakip /data/media /data/backups
WORKDIR /app
COPY pyproject.toml README.md ./
COPY sakip sakip
COPY indicators indicators
COPY budget budget
COPY reports reports
COPY audit audit
COPY agency agency
COPY inbox inbox
COPY notifications notifications
COPY demo demo
COPY api api
COPY exchange exchange
RUN pip install --no-cache-dir .
COPY . .
RUN SAKIP_SECRET_KEY=build-only SAKIP_DEBUG=0 python manage.py collectstatic --noinput
USER sakip
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s CMD ["python", "-m", "sakip.healthcheck", "web"]
CMD ["gunicorn", "-c", "python:sakip.gunicorn", "sakip.wsgi"]
