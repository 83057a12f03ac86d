#!/usr/bin/env bash
# `citybrief serve`: how long after a one-file edit the page in view shows
# it. Serves a copy of a generated dataset (100k projects by default), asks
# for one brief page (so it is the page in view), then edits, in turn, a
# note, a template and projects.csv (a row added at its end, a row in its
# middle replaced), and polls the page's file until the
# edit is in it (every 5 ms). Prints the medians of REPEAT edits of each
# kind, from the moment the file is written (they include serve's 60 ms of
# settling, which gathers an editor's write-rename-chmod into one rebuild),
# and serve's own log. `busy` is a note edited 0.3 s after an earlier edit,
# while the whole site is being rebuilt for that one (which it stops).
#
#   bash benches/serve.sh
#   PROJECTS=1000000 REPEAT=3 bash benches/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PROJECTS=${PROJECTS:-100000}
REPEAT=${REPEAT:-5}
PORT=${PORT:-18765}
DATA=${DATA:-$ROOT/target/bench-data}
command -v curl > /dev/null || { echo "needs curl" >&2; exit 2; }

cargo build --release --quiet --bin citybrief --example generate
BIN=$ROOT/target/release/citybrief
SOURCE=$DATA/ds$PROJECTS-r60-y5
[ -f "$SOURCE/projects.csv" ] ||
  "$ROOT/target/release/examples/generate" --projects "$PROJECTS" --regions 60 --years 5 --out "$SOURCE"

WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cp -r "$SOURCE" "$WORK/data"
mkdir -p "$WORK/data/notes/2024-Q3" "$WORK/data/templates"
cp "$ROOT/templates/page.html" "$WORK/data/templates/"
{ echo 'templates = "templates"'; cat "$SOURCE/citybrief.toml"; } > "$WORK/data/citybrief.toml"
PAGE=$WORK/out/2024-Q3/zh/brief.html

"$BIN" serve --data "$WORK/data" --out "$WORK/out" --port "$PORT" 2> "$WORK/serve.log" &
SERVER=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/2024-Q3/zh/brief.html"; do sleep 0.2; done
sleep 1 # serve reads the tables once more after its first build

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# edit KIND I: one edit that puts the mark "citybrief-bench-KIND-I" in the page
edit() {
  case $1 in
    note) echo "citybrief-bench-$1-$2" > "$WORK/data/notes/2024-Q3/city001.md" ;;
    busy) # a note edited while the whole site is being rebuilt for an earlier edit
      echo "citybrief-bench-before-$2" > "$WORK/data/notes/2024-Q3/city001.md"
      until grep -q "citybrief-bench-before-$2" "$PAGE" 2> /dev/null; do sleep 0.005; done
      sleep 0.3
      start=$(ms)
      echo "citybrief-bench-$1-$2" > "$WORK/data/notes/2024-Q3/city001.md" ;;
    template) sed -i "s/<body\([^>]*\)>/<body\1><!-- citybrief-bench-$1-$2 -->/" "$WORK/data/templates/page.html" ;;
    projects) echo "bench$2,city001,2024-08-01,citybrief-bench-$1-$2,汽车,3000亿元,,,,signed,s00001," >> "$WORK/data/projects.csv" ;;
    # a row in the middle of the file replaced (sed writes a new file)
    projects-mid) sed -i "$(( PROJECTS / 2 ))c\\bench-mid$2,city001,2024-08-01,citybrief-bench-$1-$2,汽车,3000亿元,,,,signed,s00001," "$WORK/data/projects.csv" ;;
  esac
}

echo "# $(date -u +%FT%TZ), $PROJECTS projects; ms from the write to the page in view holding the edit"
echo "| edit | median ms | runs |"
echo "|---|---:|---|"
for kind in note template projects projects-mid busy; do
  : > "$WORK/$kind.ms"
  for i in $(seq "$REPEAT"); do
    start=$(ms)
    edit "$kind" "$i"
    until grep -q "citybrief-bench-$kind-$i" "$PAGE" 2> /dev/null; do sleep 0.005; done
    echo $(( $(ms) - start )) >> "$WORK/$kind.ms"
    # Let the rebuild of the whole site end before the next edit.
    # (A rebuild made moot by a newer change before it began says nothing:
    # give up waiting after 10 s.)
    for _ in $(seq 100); do
      [ "$(grep -c '^rebuilt\|^stopped' "$WORK/serve.log")" -ge "$(grep -c '^updated' "$WORK/serve.log")" ] && break
      sleep 0.1
    done
  done
  echo "| $kind | $(median < "$WORK/$kind.ms") | $(paste -sd' ' "$WORK/$kind.ms") |"
done
echo
echo "serve's log:"
sed 's/^/    /' "$WORK/serve.log"
