package io.hybridgraph.it;

import java.time.Duration;

/** Polling with a deadline, for conditions read over HTTP. */
final class Waits {
  private Waits() {}

  /** A condition that may throw (an HTTP call). */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  /** Polls every 50 ms until the check holds; fails with {@code what} after {@code limit}. */
  static long until(String what, Duration limit, Check check) throws Exception {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (true) {
      if (check.holds()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
      }
      Thread.sleep(50);
    }
  }
}
