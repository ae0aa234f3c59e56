.PHONY: demo test lint format

demo:  ## the demo magazine on http://127.0.0.1:8000
	./scripts/demo

test:  ## the whole test suite, on SQLite and PostgreSQL
	./scripts/test

lint:
	MASTHEAD_DEV=1 bash -c 'source scripts/venv.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check .'

format:
	MASTHEAD_DEV=1 bash -c 'source scripts/venv.sh && .venv/bin/ruff check --fix . && .venv/bin/ruff format .'
