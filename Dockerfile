# One image for the web app (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY nqt nqt
COPY candidates candidates
COPY companies companies
COPY mentoring mentoring
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir --upgrade pip \
    && /venv/bin/pip install --no-cache-dir -e .

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=nqt.settings.production
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 1000 app
WORKDIR /app
COPY --from=build /venv /venv
COPY . .
# Static files are collected at build time; the placeholders only satisfy the settings'
# checks for this one command and are not kept in the image's environment.
RUN SECRET_KEY=build-only-placeholder-build-only-placeholder-build-only \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@build/build REDIS_URL=redis://build:6379/0 \
    EMAIL_URL=smtp://build:25 LEGAL_ADDRESS=- LEGAL_DIRECTOR=- LEGAL_HOST=- \
    CONTACT_EMAIL=build@example.org DPO_EMAIL=build@example.org \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media && chown -R app:app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "nqt.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
