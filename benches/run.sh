#!/usr/bin/env bash
# End to end: the release binary builds generated datasets of 10k, 100k and
# 1M projects (60 regions, 5 years; zh + en, everything), and the built-in
# dataset; wall time, CPU time and peak memory from /usr/bin/time -v, the
# median of REPEAT runs. Ingestion alone (examples/ingest: read, decode,
# parse and validate, as build and check begin) is set against the csv
# crate reading the same projects.csv (examples/csvparse), in wall time
# (ingestion validates on both cores) and in CPU time.
#
#   bash benches/run.sh                 # all sizes, 3 runs each
#   SIZES="10000 100000" REPEAT=5 bash benches/run.sh
#   YEARS_CURVE="2 5 10 20" bash benches/run.sh   # briefs curve at 100k
#   COLD=1 bash benches/run.sh          # the page cache emptied before every
#                                       # run (root): a month's rebuild, with
#                                       # the dataset and the previous build
#                                       # on disk, not in memory
#
# Datasets are generated once into $DATA (target/bench-data); output goes to
# a temporary folder that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES-"10000 100000 1000000"}  # SIZES="" with YEARS_CURVE: the curve alone
REPEAT=${REPEAT:-3}
REGIONS=${REGIONS:-60}
YEARS=${YEARS:-5}
YEARS_CURVE=${YEARS_CURVE:-}
COLD=${COLD:-}
DATA=${DATA:-$ROOT/target/bench-data}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at $TIME (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin citybrief --example generate --example csvparse --example ingest
BIN=$ROOT/target/release/citybrief
GEN=$ROOT/target/release/examples/generate
CSV=$ROOT/target/release/examples/csvparse
ING=$ROOT/target/release/examples/ingest
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$DATA"

# median of the numbers on standard input
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# measure LABEL CMD...: REPEAT runs; prints "wall cpu peak_MB" medians
measure() {
  local label=$1; shift
  : > "$WORK/$label.runs"
  for _ in $(seq "$REPEAT"); do
    if [ -n "$COLD" ]; then
      sync && echo 1 > /proc/sys/vm/drop_caches || { echo "COLD=1 needs root (/proc/sys/vm/drop_caches)" >&2; exit 2; }
    fi
    "$TIME" -v -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/err.txt" || {
      echo "failed: $*" >&2; cat "$WORK/err.txt" >&2; exit 1; }
    awk -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
      /User time/ { u = $2 } /System time/ { s = $2 }
      /Maximum resident set size/ { m = $2 }
      END { printf "%.3f %.3f %.1f\n", w, u + s, m / 1024 }' "$WORK/time.txt" >> "$WORK/$label.runs"
  done
  echo "$(cut -d' ' -f1 "$WORK/$label.runs" | median) $(cut -d' ' -f2 "$WORK/$label.runs" | median) $(cut -d' ' -f3 "$WORK/$label.runs" | median)"
}

dataset() { # projects years → folder
  local dir=$DATA/ds$1-r$REGIONS-y$2
  [ -f "$dir/projects.csv" ] || "$GEN" --projects "$1" --regions "$REGIONS" --years "$2" --out "$dir"
  echo "$dir"
}

echo "# $(date -u +%FT%TZ) on $(nproc) cores; uptime: $(uptime | sed 's/.*load/load/')"
echo "# medians of $REPEAT runs; cpu = user + sys seconds${COLD:+; page cache emptied before each run}"
echo
echo "| dataset | briefs | pages | build wall s | build cpu s | build peak MB | ingest wall s | ingest cpu s | ingest peak MB | csv parse wall s | ingest / csv, wall | ingest / csv, cpu |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
(cd "$WORK" && read -r w c m < <(measure builtin "$BIN" build --out "$WORK/out-builtin") &&
  echo "| built-in | $("$BIN" build --out "$WORK/out-builtin" 2>&1 | tail -1 | grep -o '[0-9]* brief(s)' | cut -d' ' -f1) | | $w | $c | $m | | | | | | |")
run_size() { # projects years
  local ds; ds=$(dataset "$1" "$2")
  local summary; summary=$("$BIN" build --data "$ds" --out "$WORK/out" 2>&1 | tail -1)
  local briefs pages
  briefs=$(grep -o '[0-9]* brief(s)' <<<"$summary" | cut -d' ' -f1)
  pages=$(grep -o '[0-9]* page(s)' <<<"$summary" | cut -d' ' -f1)
  read -r w c m < <(measure "b$1-$2" "$BIN" build --data "$ds" --out "$WORK/out")
  read -r cw cc cm < <(measure "c$1-$2" "$ING" "$ds")
  read -r pw pc _ < <(measure "p$1-$2" "$CSV" "$ds/projects.csv")
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }'; }
  echo "| $1 projects, $REGIONS regions, $2 years | $briefs | $pages | $w | $c | $m | $cw | $cc | $cm | $pw | $(ratio "$cw" "$pw") | $(ratio "$cc" "$pc") |"
}
for n in $SIZES; do run_size "$n" "$YEARS"; done
for y in $YEARS_CURVE; do run_size 100000 "$y"; done
echo
echo "# done $(date -u +%FT%TZ); uptime: $(uptime | sed 's/.*load/load/')"
