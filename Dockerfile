FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# WeasyPrint needs Pango; fonts are shipped in static/fonts.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY sakip sakip
COPY indicators indicators
COPY budget budget
COPY reports reports
COPY audit audit
COPY inbox inbox
COPY notifications notifications
COPY demo demo
RUN pip install --no-cache-dir .
COPY . .
RUN SAKIP_SECRET_KEY=build-only SAKIP_DEBUG=0 python manage.py collectstatic --noinput
USER nobody
EXPOSE 8000
CMD ["gunicorn", "sakip.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
