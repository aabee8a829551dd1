# Everyday commands; each mirrors a line of the README.
.PHONY: install run test test-fast lint format bench migrate token

install:
	pip install -e '.[test]'

run:
	avatar-service serve

test:
	pytest

test-fast:  # unit and contract tests on memory and SQLite only
	pytest tests/unit tests/contract -m "not postgres"

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
