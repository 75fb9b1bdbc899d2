# Sourced by scripts/run and scripts/test: make .venv and install the project into it
# (again only when pyproject.toml changed).  Leaves the working directory as
# it was (scripts/run takes paths relative to where it was started); ``$root``
# is the checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pushd "$root" >/dev/null
py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Tablewright needs Python 3.11 or newer (found: $("$py" --version 2>&1))." >&2
    exit 2
fi
if [ ! -x .venv/bin/python ]; then
    if ! "$py" -m venv .venv 2>/dev/null; then
        echo "python3 -m venv failed; install it with your package manager, e.g. 'apt-get install python3-venv'." >&2
        exit 2
    fi
fi
stamp=".venv/.tablewright-installed"
want="$(cat pyproject.toml setup.py | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Setting up .venv (first run, or dependencies changed)..." >&2
    .venv/bin/python -m pip install --quiet --upgrade pip >&2
    .venv/bin/python -m pip install --quiet -e ".[test]" >&2
    echo "$want" > "$stamp"
fi
popd >/dev/null
