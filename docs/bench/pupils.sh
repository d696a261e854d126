#!/usr/bin/env bash
# Signs the first N demo pupils in and prints one Cookie header value per line, for
# docs/bench/today.lua. Usage: docs/bench/pupils.sh N [base-url] [accounts.csv]
set -euo pipefail
count=${1:-200}
base=${2:-http://127.0.0.1:8080}
accounts=${3:-cartable-data/demo-accounts.csv}
awk -F, '$3 == "pupil" { print $1 "," $2 }' "$accounts" | head -n "$count" |
while IFS=, read -r login password; do
    curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
        -d "{\"login\":\"$login\",\"password\":\"$password\",\"stay_signed_in\":true}" "$base/api/v1/session" |
        sed -n -E 's/^[Ss]et-[Cc]ookie: (cartable_session=[^;]*).*/\1/p'
done
