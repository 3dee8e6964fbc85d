#!/usr/bin/env bash
# Summarises the TRX files of one test run: the slowest test projects (each project's own run time) and the slowest
# tests, ten of each. Usage: test-summary.sh <results dir> <wall seconds of the whole command> [top N]
set -eu   # no pipefail: `sort | head` ends sort early on purpose
results="$1" wall="$2" top="${3:-10}"

# attr(element, name): the value of one XML attribute; seconds("00:01:02.5") = 62.5.
read -r -d '' awk_lib <<'AWK' || true
function attr(s, name,   i) {
  i = index(s, " " name "=\"");
  if (i == 0) return "";
  s = substr(s, i + length(name) + 3);
  return substr(s, 1, index(s, "\"") - 1);
}
function seconds(t,   p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3]; }
function unescape(s) { gsub(/&quot;/, "\"", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s; }
AWK

projects="" tests=""
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  project="$(grep -m1 -o 'codeBase="[^"]*"' "$trx" | sed -E 's/.*\/([^/]+)\.dll"/\1/')"
  times="$(grep -m1 -o '<Times [^>]*>' "$trx")"
  start="$(awk "$awk_lib"' { print attr($0, "start") }' <<<"$times")"
  finish="$(awk "$awk_lib"' { print attr($0, "finish") }' <<<"$times")"
  count="$(grep -c '<UnitTestResult ' "$trx" || true)"
  (( count > 0 )) || continue   # a project the filter left without tests
  projects+="$(( $(date -d "$finish" +%s%N) / 1000000 - $(date -d "$start" +%s%N) / 1000000 ))"$'\t'"${project:-?}"$'\t'"$count"$'\n'
  tests+="$(grep -o '<UnitTestResult [^>]*>' "$trx" | awk "$awk_lib"' { printf "%.3f\t%s\n", seconds(attr($0, "duration")), unescape(attr($0, "testName")) }')"$'\n'
done

echo "Test run of $(date '+%Y-%m-%d %H:%M'): ${wall} s for the whole command (stack, lint, build, services, tests)"
echo
echo "Slowest test projects (each project's own run; they run in parallel):"
sort -t$'\t' -k1,1 -rn <<<"$projects" | head -n "$top" | awk -F'\t' 'NF == 3 { printf "  %7.1f s  %s (%s tests)\n", $1 / 1000, $2, $3 }'
echo
echo "Slowest tests:"
sort -t$'\t' -k1,1 -rn <<<"$tests" | head -n "$top" | awk -F'\t' 'NF == 2 { printf "  %7.1f s  %s\n", $1, $2 }'
