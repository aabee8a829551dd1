# syntax=docker/dockerfile:1
# The avatar service: one image for the API (`avatar-service serve`) and the worker
# (`avatar-service worker`). Multi-stage: wheels are built in the first stage, the runtime
# has no compiler; it runs as an unprivileged user, and the body model's data is prepared at
# build time so a pod is ready as soon as it starts (docs/operations.md).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY entrypoints ./entrypoints
COPY inference_onnx ./inference_onnx
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

FROM python:3.11-slim AS runtime
# OpenCV and MediaPipe load these shared libraries at import.
RUN apt-get update && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /home/avatar avatar
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    AVATAR_PROFILE=production \
    AVATAR_HOST=0.0.0.0 \
    AVATAR_PORT=8000 \
    AVATAR_LOG_FORMAT=json \
    AVATAR_BODY_MODEL_CACHE_DIR=/opt/avatar/anny \
    AVATAR_DATA_DIR=/tmp/avatar-data
# The body model's data (65 MB kept), built once here rather than by every pod.
RUN mkdir -p /opt/avatar && avatar-service models prepare && chmod -R a+rX /opt/avatar
USER avatar
WORKDIR /home/avatar
EXPOSE 8000 9100
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/health || exit 1
CMD ["avatar-service", "serve"]
