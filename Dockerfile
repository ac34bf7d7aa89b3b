# The NextMed assistant's one image: Rasa, the action server, the staff console and the sync job run
# from it with different commands (deploy/docker-compose.yml, deploy/k8s/). Build after `make train`
# (the trained model and the spaCy pipeline are copied in, not rebuilt):
#   docker build -t nextmed-assistant:1.0 .
FROM python:3.10.15-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=/app

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir 'pip<24.1' && pip install --no-cache-dir -r requirements.lock

COPY . .
RUN test -f models/nextmed.tar.gz && test -f build/spacy_model/meta.json \
 || (echo "run 'make train' before building the image" >&2; exit 1)
RUN useradd --uid 10001 --home-dir /app --no-create-home nextmed && mkdir -p var && chown nextmed var
USER 10001

EXPOSE 5005 5055 8000
# Default: one Rasa server. Other roles override the command (see deploy/).
CMD ["sh", "-c", "exec python -m rasa_speedups run --port 5005 --model models/nextmed.tar.gz --credentials ${RASA_CREDENTIALS:-credentials.yml} --endpoints endpoints.yml --cors ${WEB_ALLOWED_ORIGINS} --enable-api --auth-token ${RASA_API_TOKEN}"]
