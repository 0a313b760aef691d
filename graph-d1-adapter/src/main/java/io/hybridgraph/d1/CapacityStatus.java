package io.hybridgraph.d1;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How full the D1 database is against the configured size limit.
 *
 * @param usedBytes the size D1 last reported, if it has reported one
 * @param limitBytes the configured size limit
 * @param level what the adapter does at this size
 * @param observedAt when D1 last reported the size
 * @param message one line for people: the size, the limit and what happens
 */
record CapacityStatus(
    OptionalLong usedBytes,
    long limitBytes,
    Level level,
    Optional<Instant> observedAt,
    String message) {

  public CapacityStatus {
    Objects.requireNonNull(usedBytes, "usedBytes");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(message, "message");
  }

  /** What the adapter does at the current size. */
  public enum Level {
    /** No size reported yet. */
    UNKNOWN,
    /** Below the warn fraction. */
    OK,
    /** At or above the warn fraction: pushes continue, a warning is logged. */
    WARNING,
    /** At or above the refuse fraction: pushes are refused with {@link RemoteCapacityException}. */
    REFUSING
  }

  /** Used size as a fraction of the limit, if known. */
  public Optional<Double> fraction() {
    return usedBytes.isPresent()
        ? Optional.of(usedBytes.getAsLong() / (double) limitBytes)
        : Optional.empty();
  }
}
