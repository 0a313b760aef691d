package io.hybridgraph.sync.service;

import io.hybridgraph.sync.SyncConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the delay before attempt {@code n + 1} is {@code initial *
 * multiplier^(n - 1)}, capped, then drawn uniformly from its upper half so that devices that failed
 * together do not retry together. A server's Retry-After is a floor.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private final DoubleSupplier random;

  Backoff(SyncConfig config, DoubleSupplier random) {
    this.initial = config.initialBackoff();
    this.max = config.maxBackoff();
    this.multiplier = config.backoffMultiplier();
    this.random = random;
  }

  /** The delay after {@code failures} consecutive failures (at least 1). */
  Duration delay(int failures, Optional<Duration> retryAfter) {
    double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
    double capped = Math.min(base, max.toMillis());
    long jittered = (long) (capped / 2 + random.getAsDouble() * capped / 2);
    long floor = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.max(Math.max(jittered, 1), floor));
  }
}
