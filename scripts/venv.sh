# Sourced by the other scripts: make .venv and install the locked
# dependencies into it when the lock files changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
want=$(cat requirements.txt ${MASTHEAD_DEV:+requirements-dev.txt} | sha256sum | cut -c1-16)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ]; then
  echo "Installing locked dependencies"
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt ${MASTHEAD_DEV:+-r requirements-dev.txt}
  echo "$want" > .venv/.installed
fi
