#!/bin/sh
# Measures the same kernels with bbd-worker and Google Benchmark, alternating
# the two harnesses round by round on the same CPU, and prints per-kernel
# medians and the relative difference. Figures go to docs/perf/worker.md.
#
#   bench/worker/compare.sh BUILD_DIR [ROUNDS] [CPU]
#   env: SECS=1 (per run), KERNELS="k/empty k/memcpy64 k/crc32_1k k/mulchain100"
#
# Each round runs every kernel once under each harness, back to back, in
# alternating order; the medians over rounds are compared.
set -eu
build=${1:?usage: compare.sh BUILD_DIR [ROUNDS] [CPU]}
rounds=${2:-3}
cpu=${3:-1}
secs=${SECS:-1}
# Google Benchmark: 50 repetitions of secs/50 each, like the 50 samples of
# the worker (same time per harness, similar quanta), so both harnesses spend
# the same time and both yield a distribution (its minimum is compared too).
gbsecs=$(python3 -c "print($secs / 50)")
worker="$build/bin/bbd-worker"
plugin="$build/bench-plugins/bench_worker.so"
gb="$build/bin/bench_worker_gbench"
for f in "$worker" "$plugin" "$gb"; do
  [ -e "$f" ] || { echo "missing $f (build with BBD_BUILD_BENCH=ON)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kernels=${KERNELS:-"k/empty k/memcpy64 k/crc32_1k k/mulchain100"}
# k/noop exists only in the plugin: a run() without any loop.
extra="k/noop"
i=1
while [ "$i" -le "$rounds" ]; do
  for k in $kernels; do
    # Alternate which harness goes first, so drift hits both alike.
    if [ $((i % 2)) -eq 1 ]; then order="w g"; else order="g w"; fi
    for h in $order; do
      if [ "$h" = w ]; then
        "$worker" run "$plugin" "$k" --cpu "$cpu" --warmup 0.3 \
          --measure "$secs" --samples 50 --counters task-clock --json >>"$tmp/w$i.json"
      else
        taskset -c "$cpu" "$gb" --benchmark_min_time="$gbsecs" \
          --benchmark_repetitions=50 \
          --benchmark_filter="^$k\$" --benchmark_format=json \
          >"$tmp/g$i-$(echo "$k" | tr / _).json" 2>/dev/null
      fi
    done
  done
  "$worker" run "$plugin" "$extra" --cpu "$cpu" --warmup 0.3 \
    --measure "$secs" --samples 50 --json >>"$tmp/w$i.json"
  i=$((i + 1))
done
python3 - "$tmp" "$rounds" "$kernels" <<'PY'
import json, os, statistics, sys
tmp, rounds, kernels = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
# Per round: the worker's slope and its fastest sample (ns/iter); Google
# Benchmark's mean over repetitions and its fastest repetition. On a shared
# machine contention only ever adds time, so the minima are the figures least
# disturbed by other load; the medians over rounds are shown as well.
# CPU time is compared too (worker: task-clock counter per sample, slope over
# iterations; Google Benchmark: cpu_time): time the CPU was taken away is not
# in it, so it stays comparable on a loaded machine.
def slope(xs, ys):
    sxy = sum(x * y for x, y in zip(xs, ys) if y is not None)
    sxx = sum(x * x for x, y in zip(xs, ys) if y is not None)
    return sxy / sxx if sxx else float("nan")

w, g, wmin, gmin, wcpu, gcpu = {}, {}, {}, {}, {}, {}
for i in range(1, rounds + 1):
    for line in open(os.path.join(tmp, "w%d.json" % i)):
        e = json.loads(line)
        if e["event"] == "result" and e["status"] == "ok":
            name = e["id"].split("/", 1)[1]
            w.setdefault(name, []).append(e["summary"]["ns_per_iter"]["slope"])
            wmin.setdefault(name, []).append(e["summary"]["ns_per_iter"]["min"])
            tc = e["counters"].get("task-clock", {})
            if tc.get("status") == "ok":
                wcpu.setdefault(name, []).append(
                    slope(e["samples"]["iters"], tc["values"]))
    for k in kernels:
        f = os.path.join(tmp, "g%d-%s.json" % (i, k.replace("/", "_")))
        reps = [b for b in json.load(open(f))["benchmarks"]
                if b.get("run_type", "iteration") == "iteration"]
        g.setdefault(k, []).append(statistics.mean(b["real_time"] for b in reps))
        gmin.setdefault(k, []).append(min(b["real_time"] for b in reps))
        # cpu_time per repetition, weighted by its iterations.
        it = sum(b["iterations"] for b in reps)
        gcpu.setdefault(k, []).append(
            sum(b["cpu_time"] * b["iterations"] for b in reps) / it)
print("| kernel | worker median slope | GB median mean | diff | worker min | GB min | diff | worker CPU ns/iter | GB CPU ns/iter | diff |")
print("|---|---|---|---|---|---|---|---|---|---|")
bad = 0
for k in kernels:
    wm, gm = statistics.median(w[k]), statistics.median(g[k])
    wn, gn = min(wmin[k]), min(gmin[k])
    wc = statistics.median(wcpu[k]) if k in wcpu else float("nan")
    gc = statistics.median(gcpu[k])
    d = (wm - gm) / gm * 100
    dn = (wn - gn) / gn * 100
    dc = (wc - gc) / gc * 100
    print("| %s | %.3f | %.3f | %+.2f%% | %.3f | %.3f | %+.2f%% | %.3f | %.3f | %+.2f%% |" %
          (k, wm, gm, d, wn, gn, dn, wc, gc, dc))
    if k != "k/empty" and abs(dn) > 3 and abs(dc) > 3:
        bad = 1
print()
print("per round, worker slope:", {k: ["%.3f" % x for x in v] for k, v in w.items()})
print("per round, gbench mean: ", {k: ["%.3f" % x for x in v] for k, v in g.items()})
print("per round, worker CPU:  ", {k: ["%.3f" % x for x in v] for k, v in wcpu.items()})
print("per round, gbench CPU:  ", {k: ["%.3f" % x for x in v] for k, v in gcpu.items()})
empty = min(wmin["k/empty"]) if "k/empty" in wmin else 0
if "k/empty" in wmin:
    print("empty benchmark: %.3f ns/iter fastest sample, %.3f median slope "
          "(target < 0.5)" % (empty, statistics.median(w["k/empty"])))
if "k/noop" in w:
    print("noop run() (harness cost per iteration): %.5f ns/iter" %
          statistics.median(w["k/noop"]))
sys.exit(1 if bad or empty >= 0.5 else 0)
PY
