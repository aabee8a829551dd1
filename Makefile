# Everyday commands; each mirrors a line of the README.
.PHONY: install run test test-fast lint format bench migrate token

install:
	pip install -e '.[test]'

run:
	avatar-service serve

test:
	pytest

# Everything but anny, MediaPipe, servers and slow tests, in under a minute; anny and MediaPipe
# cannot even be imported, so a test that needs one without its marker fails here.
test-fast:
	AVATAR_TEST_FAST=1 pytest -q -m "not anny and not mediapipe and not slow and not postgres and not kafka and not s3"

lint:
	ruff check . && ruff format --check . && mypy && lint-imports

format:
	ruff format . && ruff check --fix .

bench:
	python bench/http_read.py

migrate:
	avatar-service migrate

token:
	avatar-service token --role premium
