package io.hybridgraph.benchmarks;

import java.util.Arrays;

/**
 * Every latency sample of one measurement, in nanoseconds, kept whole and sorted for percentiles:
 * at the sample counts a benchmark run takes (at most a few hundred thousand) that is simpler and
 * exact where a bucketed histogram would round. Not thread-safe.
 */
final class Latencies {

  private long[] samples;
  private int count;

  Latencies(int expected) {
    samples = new long[Math.max(expected, 16)];
  }

  void add(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  int count() {
    return count;
  }

  /** How many samples took longer than {@code nanos}. */
  int countOver(long nanos) {
    int over = 0;
    for (int i = 0; i < count; i++) {
      if (samples[i] > nanos) {
        over++;
      }
    }
    return over;
  }

  Summary summary() {
    if (count == 0) {
      throw new IllegalStateException("no samples were taken");
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    long sum = 0;
    for (long sample : sorted) {
      sum += sample;
    }
    return new Summary(
        count,
        percentile(sorted, 50),
        percentile(sorted, 99),
        (double) sum / count,
        sorted[count - 1]);
  }

  /**
   * Nearest-rank percentile: the smallest sample with at least {@code p}% of samples at or below.
   */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** Percentiles, mean and maximum of a measurement, in nanoseconds. */
  record Summary(int samples, long p50, long p99, double mean, long max) {}
}
