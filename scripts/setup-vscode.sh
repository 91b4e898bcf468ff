#!/usr/bin/env bash
# Installs what the end-to-end tests need to run a real VS Code on this machine:
#   - Debian packages: chromium (the browser), ripgrep (code-server's search backend,
#     replaces a GitHub download), libkrb5-dev (headers for the `kerberos` native module);
#   - code-server 4.100.3 (= VS Code 1.100.3, the newest release that runs on Node 20)
#     into .vscode-test/code-server/ (git-ignored).
# The steps follow code-server's own postinstall.sh (as test/e2e/README.md explains),
# with every download from outside the npm registry replaced.
#
# Idempotent: a marker file records a finished install; a second run only checks the
# marker and the Debian packages and returns in about a second.
#
# Environment:
#   CODE_SERVER_VERSION   (default 4.100.3)
#   VSCODE_TEST_DIR       (default <repo>/.vscode-test)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${CODE_SERVER_VERSION:-4.100.3}"
TEST_DIR="${VSCODE_TEST_DIR:-$ROOT/.vscode-test}"
CS_DIR="$TEST_DIR/code-server"
NODE_ABI="$(node -p 'process.versions.modules')"
MARKER="$CS_DIR/.installed"
MARKER_TEXT="code-server@$VERSION node-abi=$NODE_ABI"
ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

log() { printf '[setup-vscode] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- Debian packages
need_pkgs=()
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in chromium ripgrep libkrb5-dev; do
  pkg_installed "$p" || need_pkgs+=("$p")
done
if ((${#need_pkgs[@]})); then
  if [[ "$(id -u)" != 0 ]]; then
    log "missing Debian packages: ${need_pkgs[*]}"
    log "install them with: sudo apt-get update && sudo apt-get install -y ${need_pkgs[*]}"
    exit 1
  fi
  log "installing Debian packages: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" </dev/null >/dev/null
fi
for bin in /usr/bin/chromium /usr/bin/rg; do
  [[ -x "$bin" ]] || { log "expected $bin after installing Debian packages"; exit 1; }
done

# ---------------------------------------------------------------- code-server
mkdir -p "$TEST_DIR"
# One install at a time (two `npm run test:e2e` started together would share the folder).
exec 9>"$TEST_DIR/.setup.lock"
flock 9

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_TEXT" && -f "$ENTRY" ]]; then
  log "code-server $VERSION already installed in $CS_DIR"
  exit 0
fi

start=$SECONDS
log "installing code-server $VERSION into $CS_DIR (takes a few minutes)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
# The scratch folder needs its own package.json, or npm would walk up and install into
# the repository's own package.json.
cat >"$CS_DIR/package.json" <<EOF
{ "name": "vscode-test-code-server", "private": true, "version": "0.0.0" }
EOF

export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# 1. code-server itself, without its postinstall (which downloads ripgrep from GitHub).
(cd "$CS_DIR" && npm install --no-save --ignore-scripts --no-package-lock "code-server@$VERSION" >/dev/null)

VS="$CS_DIR/node_modules/code-server/lib/vscode"
[[ -d "$VS" ]] || { log "code-server package has no lib/vscode"; exit 1; }

# 2. VS Code's own production dependencies, scripts off.
log "installing lib/vscode dependencies"
(cd "$VS" && npm install --omit=dev --ignore-scripts >/dev/null)

# 3. ripgrep from Debian: with bin/ present, @vscode/ripgrep's postinstall skips its download.
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
ln -sf /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"

# 4. Native modules (node-pty calls npx, which would otherwise wait for a "yes").
log "rebuilding native modules"
(cd "$VS" && npm_config_yes=true npm rebuild >/dev/null)

# 5. The rest of code-server's postinstall.sh.
ln -sfn node_modules "$VS/node_modules.asar"
ln -sf code-linux.sh "$VS/bin/remote-cli/code-server"
ln -sf browser-linux.sh "$VS/bin/helpers/browser.sh"
log "installing built-in extensions' dependencies"
(cd "$VS/extensions" && npm install --omit=dev --ignore-scripts >/dev/null)

# 6. code-server's own native module.
(cd "$CS_DIR" && npm rebuild argon2 >/dev/null)

# --version may print a log line first; an explicit --config keeps it from writing
# ~/.config/code-server/config.yaml.
touch "$TEST_DIR/code-server-config.yaml"
v="$(node "$ENTRY" --config "$TEST_DIR/code-server-config.yaml" --version 2>/dev/null | grep -E "^$VERSION " | head -1 || true)"
[[ -n "$v" ]] || { log "installed code-server reports version '$v', expected $VERSION"; exit 1; }

printf '%s' "$MARKER_TEXT" >"$MARKER"
log "done in $((SECONDS - start))s: $v"
