#!/usr/bin/env bash
# Build Tablewright's distributables into dist/:
#   dist/tablewright-<version>-py3-none-any.whl   (pip install it anywhere with Python 3.11+)
#   dist/tablewright/                              (with --bundle: a PyInstaller one-folder app)
# and install a desktop launcher for the current user with --install-launcher.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/_venv.sh
.venv/bin/python -m pip wheel --no-deps --wheel-dir dist . >&2
for arg in "$@"; do
    case "$arg" in
        --bundle)
            .venv/bin/python -m pip install --quiet "pyinstaller>=6.5" >&2
            .venv/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller \
                packaging/tablewright.spec >&2
            ;;
        --install-launcher)
            apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
            mkdir -p "$apps"
            install -m 0644 packaging/tablewright.desktop "$apps/tablewright.desktop"
            echo "launcher installed in $apps" >&2
            ;;
        *) echo "unknown option $arg (use --bundle, --install-launcher)" >&2; exit 2 ;;
    esac
done
ls dist
