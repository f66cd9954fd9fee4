# Shared by scripts/run and scripts/test (sourced, not executed).
# Creates the virtual environment, installs Python requirements only when they changed, and installs
# missing Debian packages (as root, or through passwordless sudo) so that both commands work on a
# fresh Debian/Ubuntu machine.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MTIGM_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Debian packages ---------------------------------------------------------------------------------
_apt_updated=""
missing_debs() {
    local pkg missing=()
    command -v dpkg-query >/dev/null 2>&1 || return 0
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    echo "${missing[*]}"
}

ensure_debs() {
    local missing
    missing="$(missing_debs "$@")"
    [ -z "$missing" ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            warn "missing Debian packages: $missing"
            warn "install them with: sudo apt-get install -y $missing"
            return 1
        fi
    fi
    command -v apt-get >/dev/null 2>&1 || { warn "no apt-get; please install: $missing"; return 1; }
    say "Installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$_apt_updated" ]; then
        $sudo apt-get update -qq </dev/null || warn "apt-get update failed"
        _apt_updated=1
    fi
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing </dev/null
}

# WeasyPrint renders PDFs with Pango and HarfBuzz (https://doc.courtbouillon.org/weasyprint/stable/first_steps.html).
WEASYPRINT_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core shared-mime-info)

# Python ------------------------------------------------------------------------------------------
find_python311() {
    local candidate
    for candidate in "${MTIGM_PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# ensure_venv <requirements file>: create .venv if needed and install the file when it (or a file it
# includes with -r) changed since the last install. The stamp records the hash of what was installed.
ensure_venv() {
    local req="$ROOT/requirements/$1" stamp_name="$VENV/.mtigm-installed-${1%.txt}"
    if [ ! -x "$PY" ]; then
        local base_python
        if ! base_python="$(find_python311)"; then
            ensure_debs python3.11 python3.11-venv || true
            base_python="$(find_python311)" || die "Python 3.11 is required (set MTIGM_PYTHON=/path/to/python3.11)."
        fi
        say "Creating the virtual environment in $VENV"
        "$base_python" -m venv "$VENV" || {
            ensure_debs python3.11-venv && "$base_python" -m venv "$VENV"
        } || die "could not create $VENV"
    fi
    local hash
    hash="$(cat "$ROOT"/requirements/*.txt | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp_name" 2>/dev/null)" != "$hash" ]; then
        say "Installing Python requirements ($1)"
        "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null || true
        "$PY" -m pip install --quiet --disable-pip-version-check -r "$req" || die "pip install -r $req failed"
        echo "$hash" >"$stamp_name"
        # test.txt includes base.txt, so an up-to-date test install is an up-to-date base install too.
        if [ "$1" = test.txt ]; then echo "$hash" >"$VENV/.mtigm-installed-base"; fi
    fi
    return 0
}

# free_port: ask the kernel for an unused TCP port on loopback.
free_port() {
    "${PY:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# port_answers <port>: true when something accepts TCP connections on 127.0.0.1:<port>.
port_answers() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
