#!/usr/bin/env bash
# Build Tablewright's distributables into dist/:
#   dist/tablewright-<version>-py3-none-any.whl   always (pip/pipx install it anywhere with Python 3.11+)
#   dist/tablewright/                              --bundle: the PyInstaller one-folder desktop app
#   dist/tablewright_<version>_<arch>.deb          --deb: the bundle as a Debian package (builds the bundle)
# and install a desktop launcher for the current user with --install-launcher
# (for a checkout: it runs `tablewright` from PATH).
#
# The bundle is built in build/bundle-env, a virtual environment that holds only
# the wheel, its runtime dependencies and PyInstaller (no test tools), made
# from $BUNDLE_PYTHON (default /usr/bin/python3: Debian's own Python, so the
# bundle needs no newer C library than the Debian release it is built on).
# DEB_COMPRESSION=gzip makes the .deb quicker to build and bigger (default xz).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bundle=0 deb=0 launcher=0
for arg in "$@"; do
    case "$arg" in
        --bundle) bundle=1 ;;
        --deb) bundle=1 deb=1 ;;
        --install-launcher) launcher=1 ;;
        *) echo "unknown option $arg (use --bundle, --deb, --install-launcher)" >&2; exit 2 ;;
    esac
done

version="$(sed -n 's/^VERSION = "\(.*\)"$/\1/p' designer/version.py)"  # the one place it is written
wheel="dist/tablewright-$version-py3-none-any.whl"
mkdir -p dist build

build_wheel() {
    source scripts/_venv.sh
    rm -f "$wheel"
    rm -rf build/lib build/bdist.*  # setuptools' staging: a module deleted since must not come back
    .venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir dist . >&2
}

build_bundle() {
    local py="${BUNDLE_PYTHON:-/usr/bin/python3}" env=build/bundle-env
    if ! "$py" -c 'import sys, sysconfig; sys.exit(sys.version_info < (3, 11) or not sysconfig.get_config_var("Py_ENABLE_SHARED"))'; then
        echo "the bundle needs a Python 3.11+ built with a shared libpython (set BUNDLE_PYTHON; found $py)" >&2
        exit 2
    fi
    if [ ! -x "$env/bin/python" ] || [ "$("$env/bin/python" -c 'import sys; print(sys._base_executable)')" != "$("$py" -c 'import sys; print(sys.executable)')" ]; then
        rm -rf "$env"
        "$py" -m venv "$env"
    fi
    "$env/bin/python" -m pip install --quiet "pyinstaller>=6.11,<7" >&2
    "$env/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel" >&2
    "$env/bin/python" -m pip install --quiet "$wheel" >&2   # its runtime dependencies, nothing else
    local extra
    extra="$("$env/bin/python" -c 'import importlib.util as u; print(" ".join(m for m in ("pytest", "pygments", "hypothesis", "pytestqt", "jsonschema", "yaml") if u.find_spec(m)))')"
    if [ -n "$extra" ]; then
        echo "build/bundle-env is not runtime-only: it has $extra (delete build/bundle-env)" >&2
        exit 2
    fi
    rm -rf dist/tablewright
    (cd packaging && ../"$env"/bin/pyinstaller --noconfirm --log-level WARN --distpath ../dist \
        --workpath ../build/pyinstaller tablewright.spec) >&2
}

# shlibs:Depends of every ELF file in the bundle, as dpkg-shlibdeps resolves them:
# what the bundle carries is found inside it (no package: skipped), the rest are
# the system's libraries (Qt's xcb plugin's libxcb-*, libEGL, fontconfig, ...).
deb_depends() {
    local stage="$1" work=build/deb/shlibs
    rm -rf "$work"
    mkdir -p "$work/debian"
    printf 'Source: tablewright\n\nPackage: tablewright\nArchitecture: any\n' >"$work/debian/control"
    local -a elves=() libdirs=()
    while IFS= read -r -d '' f; do
        if [ "$(head -c 4 "$f" | od -An -c | tr -d ' \n')" = '177ELF' ]; then elves+=("$(realpath "$f")"); fi
    done < <(find "$stage/opt/tablewright" -type f -print0)
    while IFS= read -r d; do libdirs+=("-l$(realpath "$d")"); done < <(find "$stage/opt/tablewright" -name '*.so*' -type f -printf '%h\n' | sort -u)
    local out err="$PWD/build/deb/shlibdeps.err"
    if ! out="$(cd "$work" && dpkg-shlibdeps -O --ignore-missing-info --warnings=0 "${libdirs[@]}" "${elves[@]}" \
            2>"$err")"; then
        # a library the bundle's Qt plugins need is not installed here, so its package is unknown
        grep 'error' "$err" | head -5 >&2
        echo "build.sh: install the libraries named above (packaging/smoke.py lists them: APT_LIBS)" >&2
        return 2
    fi
    sed -n 's/^shlibs:Depends=//p' <<<"$out"
}

build_deb() {
    local arch stage=build/deb/root out
    arch="$(dpkg --print-architecture)"
    out="dist/tablewright_${version}_${arch}.deb"
    rm -rf build/deb
    mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/mime/packages" \
        "$stage/usr/share/doc/tablewright" "$stage/usr/share/man/man1" "$stage/usr/share/lintian/overrides" \
        "$stage/DEBIAN"
    cp -a dist/tablewright "$stage/opt/tablewright"
    ln -s /opt/tablewright/tablewright "$stage/usr/bin/tablewright"
    install -m 0644 packaging/tablewright.desktop "$stage/usr/share/applications/tablewright.desktop"
    install -m 0644 packaging/tablewright-mime.xml "$stage/usr/share/mime/packages/tablewright.xml"
    QT_QPA_PLATFORM=offscreen build/bundle-env/bin/python packaging/render_icons.py "$stage/usr/share/icons/hicolor"
    install -m 0644 packaging/copyright "$stage/usr/share/doc/tablewright/copyright"
    printf 'tablewright (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- Tablewright team <tablewright@example.org>  %s\n' \
        "$version" "$version" "$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")" \
        | gzip -9n >"$stage/usr/share/doc/tablewright/changelog.gz"
    gzip -9n <packaging/tablewright.1 >"$stage/usr/share/man/man1/tablewright.1.gz"
    install -m 0644 packaging/lintian-overrides "$stage/usr/share/lintian/overrides/tablewright"
    find "$stage" -type d -exec chmod 0755 {} +
    find "$stage/usr" -type f -exec chmod 0644 {} +
    find "$stage/opt" -type f -name '*.so*' -exec chmod 0644 {} +  # libraries need no execute bit
    local depends
    depends="$(deb_depends "$stage")" || exit 2
    cat >"$stage/DEBIAN/control" <<EOF
Package: tablewright
Version: $version
Architecture: $arch
Maintainer: Tablewright team <tablewright@example.org>
Section: database
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: fonts-dejavu-core | fonts-liberation2, xdg-utils
Description: desktop schema designer with live linting
 Tablewright imports an existing relational schema (DDL files or a live
 PostgreSQL, MySQL/MariaDB or SQLite database), shows it as an ER diagram,
 reviews it with a catalog of lint rules while you edit, and exports DDL per
 dialect, migrations, DBML, Mermaid and an HTML data dictionary.
 .
 The desktop application and its command line (tablewright lint, export,
 diagram, migrate, diff, docs) come as one self-contained folder under
 /opt/tablewright, with the Python interpreter and libraries it runs on.
EOF
    rm -f "$out"
    # xz for a release (58 MB); the smoke test, which only installs it, takes
    # gzip (85 MB in 20 s instead of minutes on 2 shared cores)
    dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$stage" "$out" >&2
    echo "$out"
}

build_wheel
[ "$bundle" = 1 ] && build_bundle
[ "$deb" = 1 ] && build_deb
if [ "$launcher" = 1 ]; then
    apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
    mkdir -p "$apps"
    install -m 0644 packaging/tablewright.desktop "$apps/tablewright.desktop"
    echo "launcher installed in $apps" >&2
fi
ls dist
