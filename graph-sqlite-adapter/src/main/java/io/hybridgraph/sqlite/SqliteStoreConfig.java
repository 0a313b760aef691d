package io.hybridgraph.sqlite;

import io.hybridgraph.domain.replica.DeletionGuard;
import io.hybridgraph.domain.version.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the local store keeps its SQLite file.
 *
 * @param databaseFile the SQLite file; created when missing, opened in place when it exists
 *     (including a database made by the Python memory service)
 * @param deviceId this device's id; when empty the id stored in the file is used, or a new random
 *     one is created and stored on first open
 * @param busyTimeout how long a write waits for another process holding the file's write lock
 * @param durability how hard each commit is pushed to disk
 * @param massDeletionCount the mass-deletion guard's count: deletions of associations by another
 *     program, adopted at once, that never trip the guard (default 50)
 * @param massDeletionFraction the guard's fraction: the share of the graph's associations such
 *     deletions may reach without tripping it, within [0, 1] (default 0.10). Deletions beyond both
 *     are held on this device, not synced, until released or discarded ({@link DeletionGuard})
 */
public record SqliteStoreConfig(
    Path databaseFile,
    Optional<DeviceId> deviceId,
    Duration busyTimeout,
    Durability durability,
    int massDeletionCount,
    double massDeletionFraction) {

  /** SQLite's {@code synchronous} setting for the WAL journal. */
  public enum Durability {
    /** Every commit is synced to disk before it returns: survives power loss. */
    FULL,
    /** Commits survive a crash of the process; the last ones may be lost on power loss. */
    NORMAL
  }

  public SqliteStoreConfig {
    Objects.requireNonNull(databaseFile, "database file must not be null");
    Objects.requireNonNull(deviceId, "device id must not be null (use Optional.empty())");
    Objects.requireNonNull(busyTimeout, "busy timeout must not be null");
    Objects.requireNonNull(durability, "durability must not be null");
    if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "busy timeout must be between 0 and " + Integer.MAX_VALUE + " ms, was " + busyTimeout);
    }
    new DeletionGuard(massDeletionCount, massDeletionFraction);
  }

  /** A store with the default mass-deletion guard (50 associations and 10 % of the graph). */
  public SqliteStoreConfig(
      Path databaseFile, Optional<DeviceId> deviceId, Duration busyTimeout, Durability durability) {
    this(
        databaseFile,
        deviceId,
        busyTimeout,
        durability,
        DeletionGuard.DEFAULT.maxDeletions(),
        DeletionGuard.DEFAULT.maxFraction());
  }

  /** A store on {@code databaseFile} with the defaults: 5 s busy timeout, FULL durability. */
  public static SqliteStoreConfig of(Path databaseFile) {
    return new SqliteStoreConfig(
        databaseFile, Optional.empty(), Duration.ofSeconds(5), Durability.FULL);
  }

  public SqliteStoreConfig withDeviceId(DeviceId id) {
    return new SqliteStoreConfig(
        databaseFile,
        Optional.of(id),
        busyTimeout,
        durability,
        massDeletionCount,
        massDeletionFraction);
  }

  public SqliteStoreConfig withDurability(Durability newDurability) {
    return new SqliteStoreConfig(
        databaseFile,
        deviceId,
        busyTimeout,
        newDurability,
        massDeletionCount,
        massDeletionFraction);
  }

  /** This config with the mass-deletion guard's count and fraction. */
  public SqliteStoreConfig withMassDeletionGuard(int count, double fraction) {
    return new SqliteStoreConfig(databaseFile, deviceId, busyTimeout, durability, count, fraction);
  }

  /** The mass-deletion guard these settings make. */
  public DeletionGuard massDeletionGuard() {
    return new DeletionGuard(massDeletionCount, massDeletionFraction);
  }
}
