package io.hybridgraph.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How sync behaves on this device: batch and page sizes, retries and backoff, intervals, the
 * cloud's size limit. Validated when built; the application reads it from its configuration.
 *
 * @param enabled whether anything is sent to or read from the cloud
 * @param pushBatchSize outbox entries per push request (default 100)
 * @param initialSyncPageSize rows per page of an initial sync (default 1,000)
 * @param syncOnStartup run the initial sync when the service starts, if it never completed
 * @param maxRetries attempts per change before it is parked (default 5)
 * @param backoffMultiplier growth of the retry delay per attempt (default 2.0)
 * @param initialBackoff delay before the first retry (default 1 s)
 * @param maxBackoff longest retry delay (default 5 min)
 * @param pushInterval how often the outbox is checked when nothing wakes the pusher (default 1 s)
 * @param pullInterval how often the change feed is pulled (default 1 s)
 * @param pullPageSize changes per pull request (default 1,000)
 * @param cloudSizeLimitBytes the cloud database's size limit, for status (default 10 GB)
 * @param accessRetryInterval how often sync checks again while the cloud refuses this device's
 *     access, a wrong token or database id (default 5 min); the graph works locally meanwhile
 */
public record SyncConfig(
    boolean enabled,
    int pushBatchSize,
    int initialSyncPageSize,
    boolean syncOnStartup,
    int maxRetries,
    double backoffMultiplier,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration pushInterval,
    Duration pullInterval,
    int pullPageSize,
    long cloudSizeLimitBytes,
    Duration accessRetryInterval) {

  public SyncConfig {
    requireWithin("push batch size", pushBatchSize, 1, 10_000);
    requireWithin("initial sync page size", initialSyncPageSize, 1, 100_000);
    requireWithin("max retries", maxRetries, 1, 1_000);
    requireWithin("pull page size", pullPageSize, 1, 100_000);
    if (!Double.isFinite(backoffMultiplier)
        || backoffMultiplier < 1.0
        || backoffMultiplier > 10.0) {
      throw new IllegalArgumentException(
          "backoff multiplier must be within [1.0, 10.0], was " + backoffMultiplier);
    }
    requirePositive("initial backoff", initialBackoff);
    requirePositive("max backoff", maxBackoff);
    requirePositive("push interval", pushInterval);
    requirePositive("pull interval", pullInterval);
    requirePositive("access retry interval", accessRetryInterval);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "max backoff ("
              + maxBackoff
              + ") must not be shorter than initial backoff ("
              + initialBackoff
              + ")");
    }
    if (cloudSizeLimitBytes < 1) {
      throw new IllegalArgumentException(
          "cloud size limit must be positive, was " + cloudSizeLimitBytes);
    }
  }

  /** The defaults, with sync on or off. */
  public static SyncConfig defaults(boolean enabled) {
    return new SyncConfig(
        enabled,
        100,
        1_000,
        false,
        5,
        2.0,
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        1_000,
        10_000_000_000L,
        Duration.ofMinutes(5));
  }

  public SyncConfig withIntervals(Duration push, Duration pull) {
    return new SyncConfig(
        enabled,
        pushBatchSize,
        initialSyncPageSize,
        syncOnStartup,
        maxRetries,
        backoffMultiplier,
        initialBackoff,
        maxBackoff,
        push,
        pull,
        pullPageSize,
        cloudSizeLimitBytes,
        accessRetryInterval);
  }

  public SyncConfig withBatchSizes(int push, int initialPage, int pullPage) {
    return new SyncConfig(
        enabled,
        push,
        initialPage,
        syncOnStartup,
        maxRetries,
        backoffMultiplier,
        initialBackoff,
        maxBackoff,
        pushInterval,
        pullInterval,
        pullPage,
        cloudSizeLimitBytes,
        accessRetryInterval);
  }

  public SyncConfig withAccessRetryInterval(Duration interval) {
    return new SyncConfig(
        enabled,
        pushBatchSize,
        initialSyncPageSize,
        syncOnStartup,
        maxRetries,
        backoffMultiplier,
        initialBackoff,
        maxBackoff,
        pushInterval,
        pullInterval,
        pullPageSize,
        cloudSizeLimitBytes,
        interval);
  }

  private static void requireWithin(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be within [" + min + ", " + max + "], was " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name + " must not be null");
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
