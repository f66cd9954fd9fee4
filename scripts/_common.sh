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

# ensure_venv <group>...: create .venv if needed and install exactly what uv.lock pins (versions and
# hashes) for the application plus the named dependency groups of pyproject.toml ("test", "dev").
# Nothing is resolved here: `uv sync --frozen` refuses a lock that does not match pyproject.toml.
# A stamp records the hash of the lock and the groups, so an unchanged lock installs nothing.
UV_VERSION=0.13.9
ensure_venv() {
    local groups=("$@") stamp_name="$VENV/.mtigm-installed"
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
    local wanted
    wanted="$(cat "$ROOT/uv.lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1) ${groups[*]:-}"
    # An install with more groups (the test command's) also satisfies one with fewer (scripts/run's).
    if [ -f "$stamp_name" ]; then
        local have have_hash
        have="$(cat "$stamp_name")"
        have_hash="${have%% *}"
        if [ "$have_hash" = "${wanted%% *}" ]; then
            local group missing=""
            for group in "${groups[@]}"; do
                case " ${have#* } " in *" $group "*) ;; *) missing=1 ;; esac
            done
            [ -z "$missing" ] && return 0
        fi
    fi
    if [ ! -x "$VENV/bin/uv" ] || [ "$("$VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
        say "Installing uv $UV_VERSION into $VENV"
        "$PY" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" || die "could not install uv"
    fi
    local args=(sync --frozen --inexact --no-install-project)
    local group
    for group in "${groups[@]}"; do args+=(--group "$group"); done
    say "Installing the locked dependencies${groups[*]:+ (groups: ${groups[*]})}"
    # --inexact keeps uv itself (installed by pip above) in the environment.
    UV_PROJECT_ENVIRONMENT="$VENV" "$VENV/bin/uv" "${args[@]}" --quiet || die "uv sync failed"
    echo "$wanted" >"$stamp_name"
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
