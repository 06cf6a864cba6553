// The kernels of kernels.h under Google Benchmark, for compare.sh.
#include <benchmark/benchmark.h>

extern "C" {
#include "kernels.h"
}

template <void (*K)(kb_state_t *)> static void BM(benchmark::State &state) {
  kb_state_t s;
  kb_init(&s);
  for (auto _ : state)
    K(&s);
}

BENCHMARK(BM<kb_empty>)->Name("k/empty");
BENCHMARK(BM<kb_memcpy64>)->Name("k/memcpy64");
BENCHMARK(BM<kb_crc32_1k>)->Name("k/crc32_1k");
BENCHMARK(BM<kb_mulchain100>)->Name("k/mulchain100");
BENCHMARK_MAIN();
