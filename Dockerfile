# Production image of the MTIGM platform: one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=mtigm.settings.production \
    MTIGM_VAR_DIR=/app/var

# WeasyPrint renders the PDFs (calls, minutes, reports) with Pango and HarfBuzz; gettext compiles
# translations; curl serves the container healthcheck.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core shared-mime-info gettext curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The dependencies come from the lock only (exact versions, hashes checked): uv installs what uv.lock
# pins for the application, without its test and dev groups, into its own environment.
ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH
COPY pyproject.toml uv.lock ./
RUN pip install uv==0.13.9 \
    && uv sync --frozen --no-install-project --no-cache

COPY . .
# Static files are collected at build time and served by whitenoise; the secret is only needed to
# import the settings here, never at run time.
RUN DJANGO_SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home /app mtigm \
    && mkdir -p /app/var && chown -R mtigm /app/var

USER mtigm
EXPOSE 8000
CMD ["gunicorn", "mtigm.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
