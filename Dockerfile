# One image for the web app (gunicorn), the Celery worker and Celery beat.
# The dependencies come from the hashed lock (requirements/base.txt, `make lock`); the app is
# installed as a regular package (not editable, without tests/), and /app holds only what the
# settings read from the project root: manage.py, templates/, static/ and locale/.
FROM python:3.11.14-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements/base.txt requirements/base.txt
RUN python -m venv /venv \
    && /venv/bin/pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY nqt nqt
COPY candidates candidates
COPY companies companies
COPY mentoring mentoring
COPY impact impact
RUN /venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation .

FROM python:3.11.14-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=nqt.settings.production \
    PROJECT_ROOT=/app
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 1000 app
WORKDIR /app
COPY --from=build /venv /venv
COPY manage.py ./
COPY templates templates
COPY static static
COPY locale locale
# Static files are collected at build time; the placeholders only satisfy the settings'
# checks for this one command and are not kept in the image's environment.
RUN SECRET_KEY=build-only-placeholder-build-only-placeholder-build-only \
    ALLOWED_HOSTS=build SITE_URL=https://build DATABASE_URL=postgres://build@build/build REDIS_URL=redis://build:6379/0 \
    EMAIL_URL=smtp://build:25 LEGAL_ADDRESS=- LEGAL_DIRECTOR=- LEGAL_HOST=- \
    CONTACT_EMAIL=build@example.org DPO_EMAIL=build@example.org \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media && chown -R app:app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "nqt.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
