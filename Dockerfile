# The catalogue as a container: gunicorn serving the production settings, static files by whitenoise.
# Build: docker build -t catalogue .   Run with PostgreSQL and Redis: docker compose up (compose.yaml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Pango and fonts for WeasyPrint's PDF summaries (opendata/summaries.py).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Compile the interface translations and collect the static files at build time, so that every
# container started from the image serves the same hashed files.
RUN python -m babel.messages.frontend compile --domain django --directory locale \
 && DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=False python manage.py collectstatic --no-input -v0 \
 && useradd --system --uid 1000 catalogue \
 && mkdir -p /app/media && chown catalogue /app/media

USER catalogue
ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/live')"
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
