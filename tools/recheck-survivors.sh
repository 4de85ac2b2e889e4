#!/bin/sh
# Re-check surviving mutants, each in a fresh Python process (docs/testing.md).
#
# mutmut runs every mutant in a child forked from one long-lived process, so module-level
# caches filled there (the national calendar, a region's calendar, shared deadlines) are
# already warm in the child, and a mutant that breaks only how such a cache is filled
# survives. This script runs each given mutant of mutmut's last run (mutants/src) against
# the given tests in a new interpreter, two at a time, and prints KILLED or SURVIVED.
#
# usage: tools/recheck-survivors.sh NAMES_FILE TEST_PATH...
#   NAMES_FILE: one mutant name per line, e.g. from
#     .venv/bin/mutmut results | awk '{print $1}' | tr -d ':' > survivors.txt
set -eu
names=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$root/mutants/src" ] || { echo "no mutants/src: run mutmut first" >&2; exit 2; }
export ROOT="$root"
xargs -P 2 -I NAME sh -c '
    cd "$ROOT"
    if MUTANT_UNDER_TEST=NAME PYTHONPATH="$ROOT/mutants/src" timeout 300 \
        .venv/bin/python -m pytest -o "addopts=--strict-markers --doctest-glob=*.md" \
        -p no:cacheprovider -x -q -m "not slow" "$@" >/dev/null 2>&1
    then echo "SURVIVED NAME"; else echo "KILLED NAME"; fi
' sh "$@" < "$names"
