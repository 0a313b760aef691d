package io.hybridgraph.app.config;

import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where this device keeps its graph: the data directory, the SQLite file (which may be a database
 * of the Python memory service), the device id, how hard commits are pushed to disk, and the
 * mass-deletion guard (how many associations another program may delete at once, as a count and a
 * fraction of the graph, before the deletions are held on this device instead of synced).
 */
public record StoreSettings(
    Path dataDir,
    Path databaseFile,
    Optional<DeviceId> deviceId,
    Duration busyTimeout,
    SqliteStoreConfig.Durability durability,
    int massDeletionCount,
    double massDeletionFraction) {

  public static final String DATA_DIR = "HYBRID_GRAPH_DATA_DIR";
  public static final String DB_PATH = "HYBRID_GRAPH_DB_PATH";
  public static final String DEVICE_ID = "HYBRID_GRAPH_DEVICE_ID";
  public static final String BUSY_TIMEOUT_MS = "HYBRID_GRAPH_DB_BUSY_TIMEOUT_MS";
  public static final String DURABILITY = "HYBRID_GRAPH_DB_DURABILITY";
  public static final String MASS_DELETION_COUNT = "HYBRID_GRAPH_MASS_DELETION_COUNT";
  public static final String MASS_DELETION_FRACTION = "HYBRID_GRAPH_MASS_DELETION_FRACTION";

  public static final int DEFAULT_MASS_DELETION_COUNT = 50;
  public static final double DEFAULT_MASS_DELETION_FRACTION = 0.10;

  public static final String DEFAULT_DATA_DIR = "./data";
  public static final String DEFAULT_DB_FILE = "memory_graph.db";

  public StoreSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(databaseFile, "databaseFile");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(durability, "durability");
  }

  /**
   * Reads the store settings.
   *
   * @throws IllegalArgumentException naming every invalid variable
   */
  public static StoreSettings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    Path dataDir = reader.path(DATA_DIR).orElse(Path.of(DEFAULT_DATA_DIR));
    Path db = reader.path(DB_PATH).orElse(dataDir.resolve(DEFAULT_DB_FILE));
    Optional<DeviceId> device = Optional.empty();
    Optional<String> rawDevice = reader.value(DEVICE_ID);
    if (rawDevice.isPresent()) {
      try {
        device = Optional.of(new DeviceId(rawDevice.get()));
      } catch (IllegalArgumentException e) {
        reader.error(DEVICE_ID + ": " + e.getMessage());
      }
    }
    Duration busy = reader.millis(BUSY_TIMEOUT_MS, Duration.ofMillis(5_000), 0, Integer.MAX_VALUE);
    SqliteStoreConfig.Durability durability = SqliteStoreConfig.Durability.FULL;
    Optional<String> rawDurability = reader.value(DURABILITY);
    if (rawDurability.isPresent()) {
      try {
        durability =
            SqliteStoreConfig.Durability.valueOf(rawDurability.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        reader.error(DURABILITY + " must be full or normal, was '" + rawDurability.get() + "'");
      }
    }
    int massCount =
        reader.integer(MASS_DELETION_COUNT, DEFAULT_MASS_DELETION_COUNT, 0, Integer.MAX_VALUE);
    double massFraction =
        reader.decimal(MASS_DELETION_FRACTION, DEFAULT_MASS_DELETION_FRACTION, 0.0, 1.0);
    reader.throwIfInvalid("invalid store configuration");
    return new StoreSettings(
        dataDir.toAbsolutePath().normalize(),
        db.toAbsolutePath().normalize(),
        device,
        busy,
        durability,
        massCount,
        massFraction);
  }

  /** The SQLite adapter's configuration. */
  public SqliteStoreConfig sqliteConfig() {
    return new SqliteStoreConfig(
        databaseFile, deviceId, busyTimeout, durability, massDeletionCount, massDeletionFraction);
  }

  public String summary() {
    return "database "
        + databaseFile
        + " (data dir "
        + dataDir
        + ", durability "
        + durability.name().toLowerCase(Locale.ROOT)
        + ", device "
        + deviceId.map(DeviceId::value).orElse("from database")
        + ")";
  }
}
