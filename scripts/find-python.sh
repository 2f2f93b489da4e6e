#!/usr/bin/env bash
# Print the path of the first Python >= 3.12 that actually runs.
# pyenv shims for inactive versions exist on PATH but fail, so candidates are run, not found.
set -u
check='import sys; assert sys.version_info >= (3, 12)'
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for v in "$root"/versions/3.13*/bin/python3.13 "$root"/versions/3.12*/bin/python3.12 \
           "$root"/versions/3.14*/bin/python3.14; do
    candidates+=("$v")
  done
fi
candidates+=(/usr/bin/python3.13 /usr/bin/python3.12 /usr/local/bin/python3.13 /usr/local/bin/python3.12)
for c in "${candidates[@]}"; do
  if "$c" -c "$check" >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
echo "Rencai needs Python 3.12 or newer; none of these ran: ${candidates[*]}" >&2
echo "Install one (e.g. 'pyenv install 3.13') or pass PYTHON=/path/to/python3.13." >&2
exit 1
