#!/usr/bin/env bash
# The long exploration of the property tests (docs/testing.md): run every Hypothesis test
# RUNS times, each run with a new random seed, and say which seeds failed (re-run one with
# `pytest -m property --hypothesis-seed=SEED` to see its example). CI runs the same tests
# derandomised (the "ci" profile of tests/conftest.py); this is for local runs.
#   tools/property-runs.sh [RUNS] [JOBS]      # default 200 runs, 2 at a time
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-200}"
jobs="${2:-2}"
python="${PYTHON:-.venv/bin/python}"
log="$(mktemp -d)"
run_one() {
    local i="$1" seed
    seed="$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"
    if env -u CI XINFANG_HYPOTHESIS=default "$python" -m pytest -q -p no:cacheprovider \
        -m property tests --hypothesis-seed="$seed" >"$log/run-$i.txt" 2>&1; then
        echo "run $i seed $seed passed"
    else
        echo "run $i seed $seed FAILED (see $log/run-$i.txt)"
    fi
}
export -f run_one
export python log
seq 1 "$runs" | xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$log/summary.txt"
passed="$(grep -c ' passed$' "$log/summary.txt")"
failed="$(grep -c 'FAILED' "$log/summary.txt")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
