#!/usr/bin/env bash
# Signs a demo pupil in and prints the Cookie header wrk needs for signed-in requests.
# Usage: docs/bench/cookie.sh [base-url] [accounts.csv]
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
accounts=${2:-cartable-data/demo-accounts.csv}
line=$(awk -F, '$3 == "pupil" { print; exit }' "$accounts")
login=${line%%,*}
rest=${line#*,}
password=${rest%%,*}
curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
    -d "{\"login\":\"$login\",\"password\":\"$password\"}" "$base/api/v1/session" |
    sed -n -E 's/^[Ss]et-[Cc]ookie: (cartable_session=[^;]*).*/Cookie: \1/p'
