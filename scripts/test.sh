#!/usr/bin/env bash
# Installs what is needed and runs every test: type checks, unit tests, the API tests on
# SQLite and on each of PostgreSQL / MariaDB that is reachable, the browser tests of the admin
# (Debian Chromium, installed when missing) and the packaging test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/.tmp/test-results"
rm -rf "$results" && mkdir -p "$results" example-app/.tmp

echo "== install"
npm install --no-audit --no-fund --loglevel=error
echo "== chromium (browser tests)"
bash scripts/install-chromium.sh
echo "== build plugin"
npm run build --silent -w strapi-plugin-cxm
echo "== type check"
npm run typecheck --silent -w strapi-plugin-cxm
echo "== lint (Prettier, ESLint)"
npm run lint --silent

export STRAPI_TELEMETRY_DISABLED=true LOG_LEVEL=error
status=0
pids=()
run_jest() { # name, jest args...
  local name=$1; shift
  echo "== $name"
  (cd plugin && npx jest "$@" --json --outputFile="$results/$name.json") || status=1
}

run_jest unit --config jest.unit.config.js
echo "== scripts unit (node --test)"
node --test scripts/bench-lib/ || status=1
# The API suite of each database runs beside the others (each test file boots Strapi on a
# database of its own, a copy of its suite's template, so they share nothing): side by side on
# two cores the three take about 7 minutes. Each writes a log, printed once all have ended.
# --forceExit: after its last test the MariaDB suite's process once stayed alive 60 s more (a
# timer of some booted app's, the length of a connection timeout), holding up the browser suite.
api_suites=(api-sqlite)
for client in postgres mysql; do
  if node scripts/db-reachable.js "$client"; then
    api_suites+=("api-$client")
  else
    echo "== api-$client: server not reachable, skipped"
  fi
done
for name in "${api_suites[@]}"; do
  client=${name#api-}
  (cd plugin && DATABASE_CLIENT=$client npx jest --config jest.api.config.js --runInBand --forceExit \
    --json --outputFile="$results/$name.json" >"$results/$name.log" 2>&1) &
  pids+=("$!")
done
for index in "${!api_suites[@]}"; do
  wait "${pids[$index]}" || status=1
  echo "== ${api_suites[$index]}"
  cat "$results/${api_suites[$index]}.log"
done

run_jest browser --config jest.browser.config.js --runInBand
run_jest packaging --config jest.packaging.config.js --runInBand

node scripts/test-summary.js "$results"
exit $status
