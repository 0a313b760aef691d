package io.hybridgraph.d1;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the database size D1 reports and decides whether pushes may go on: a warning at the warn
 * fraction of the limit (logged once each time the size crosses it), a refusal at the refuse
 * fraction. While refusing, the size is asked again at most once per {@link #RECHECK_INTERVAL}, so
 * pushes resume by themselves once space is freed. Thread-safe.
 */
final class CapacityMonitor implements D1Capacity {

  private static final Logger LOG = LoggerFactory.getLogger(CapacityMonitor.class);

  static final Duration RECHECK_INTERVAL = Duration.ofMinutes(1);

  private final long limitBytes;
  private final double warnFraction;
  private final double refuseFraction;
  private final Clock clock;
  private LongSupplier infoSize;

  private long usedBytes = -1;
  private Instant observedAt;
  private CapacityStatus.Level lastLevel = CapacityStatus.Level.UNKNOWN;

  CapacityMonitor(D1Config config, Clock clock) {
    this.limitBytes = config.databaseSizeLimitBytes();
    this.warnFraction = config.sizeWarnFraction();
    this.refuseFraction = config.sizeRefuseFraction();
    this.clock = clock;
  }

  /** Connects the monitor to the info endpoint (set once while wiring). */
  void sizeSource(LongSupplier infoSize) {
    this.infoSize = infoSize;
  }

  /** Records a size D1 reported. */
  void observe(long bytes) {
    CapacityStatus.Level level;
    CapacityStatus.Level previous;
    synchronized (this) {
      usedBytes = bytes;
      observedAt = clock.instant();
      level = levelOf(bytes);
      previous = lastLevel;
      lastLevel = level;
    }
    if (level != previous && level.compareTo(CapacityStatus.Level.WARNING) >= 0) {
      LOG.warn("{}", describe(bytes, level));
    } else if (level != previous
        && previous.compareTo(CapacityStatus.Level.WARNING) >= 0
        && level == CapacityStatus.Level.OK) {
      LOG.info("{}", describe(bytes, level));
    }
  }

  @Override
  public synchronized CapacityStatus status() {
    if (usedBytes < 0) {
      return new CapacityStatus(
          OptionalLong.empty(),
          limitBytes,
          CapacityStatus.Level.UNKNOWN,
          Optional.empty(),
          "D1 database size not known yet (limit " + gigabytes(limitBytes) + ")");
    }
    CapacityStatus.Level level = levelOf(usedBytes);
    return new CapacityStatus(
        OptionalLong.of(usedBytes),
        limitBytes,
        level,
        Optional.of(observedAt),
        describe(usedBytes, level));
  }

  @Override
  public CapacityStatus refresh() {
    observe(infoSize.getAsLong());
    return status();
  }

  /**
   * Refuses a push when the database is at or above the refuse fraction. Asks D1 for the size when
   * it is not known yet, or when the last refusal is older than the recheck interval.
   *
   * @throws RemoteCapacityException when the push must not be sent
   */
  void checkPushAllowed() {
    boolean unknown;
    boolean stale;
    synchronized (this) {
      unknown = usedBytes < 0;
      stale =
          !unknown
              && levelOf(usedBytes) == CapacityStatus.Level.REFUSING
              && Duration.between(observedAt, clock.instant()).compareTo(RECHECK_INTERVAL) >= 0;
    }
    if (unknown || stale) {
      refresh();
    }
    CapacityStatus status = status();
    if (status.level() == CapacityStatus.Level.REFUSING) {
      throw new RemoteCapacityException(
          status.message(), status.usedBytes().getAsLong(), limitBytes);
    }
  }

  /** The last known size, or asks D1 when none is known. */
  long knownOrFreshSize() {
    synchronized (this) {
      if (usedBytes >= 0) {
        return usedBytes;
      }
    }
    return refresh().usedBytes().orElse(0);
  }

  private CapacityStatus.Level levelOf(long bytes) {
    double fraction = bytes / (double) limitBytes;
    if (fraction >= refuseFraction) {
      return CapacityStatus.Level.REFUSING;
    }
    if (fraction >= warnFraction) {
      return CapacityStatus.Level.WARNING;
    }
    return CapacityStatus.Level.OK;
  }

  private String describe(long bytes, CapacityStatus.Level level) {
    String size =
        String.format(
            Locale.ROOT,
            "D1 database uses %s of its %s limit (%.1f%%)",
            gigabytes(bytes),
            gigabytes(limitBytes),
            100.0 * bytes / limitBytes);
    return switch (level) {
      case REFUSING ->
          size
              + String.format(
                  Locale.ROOT,
                  "; pushes are refused from %.0f%% (sizeRefuseFraction): delete data in D1 or"
                      + " raise databaseSizeLimitBytes",
                  refuseFraction * 100);
      case WARNING ->
          size
              + String.format(
                  Locale.ROOT,
                  "; above the %.0f%% warning level (sizeWarnFraction), pushes stop at %.0f%%",
                  warnFraction * 100,
                  refuseFraction * 100);
      default -> size;
    };
  }

  private static String gigabytes(long bytes) {
    if (bytes >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
    if (bytes >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
    if (bytes >= 1_000L) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    return String.format(Locale.ROOT, "%d bytes", bytes);
  }
}
