#!/usr/bin/env bash
# The main job, end to end: start the sandbox, plan, apply, plan again (no changes), stop.
# Needs `strec` on PATH (the README's quick start puts .venv/bin there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# A throwaway key for this run only: keys never live in the repository.
STREC_API_KEY="sht_$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export STREC_API_KEY STREC_API_URL="http://127.0.0.1:${port}/api/v1"
# The accounts' passwords, as the config's ${env:...} references expect (the sandbox's
# scripted logins accept them); never shown in any output.
export BRAND_THREE_PASSWORD="demo-relogin" BRAND_FOUR_PASSWORD="demo-pass"

strec sandbox --port "$port" --seed "$here/sandbox-seed.yaml" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.1
done

echo "== strec plan"
strec plan -f "$here/strec.yaml" --detailed-exitcode || [ $? -eq 2 ]
echo
echo "== strec apply"
strec apply -f "$here/strec.yaml" --auto-approve
echo
echo "== strec plan (again: nothing left to do)"
strec plan -f "$here/strec.yaml" --detailed-exitcode
echo
echo "Demo complete: the sandbox now matches examples/strec.yaml."
