package io.hybridgraph.sync;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads sync settings from environment variables (or a .env file already merged into the map),
 * failing with a message that names each invalid variable.
 *
 * <p>Sync is on by default only when the three Cloudflare variables are all present; without them
 * everything works locally.
 */
public record SyncSettings(SyncConfig config, Optional<CloudCredentials> cloud) {

  public static final String ENABLED = "HYBRID_GRAPH_SYNC_ENABLED";
  public static final String BATCH_SIZE = "HYBRID_GRAPH_SYNC_BATCH_SIZE";
  public static final String ON_STARTUP = "HYBRID_GRAPH_SYNC_ON_STARTUP";
  public static final String MAX_RETRIES = "HYBRID_GRAPH_SYNC_MAX_RETRIES";
  public static final String BACKOFF_MULTIPLIER = "HYBRID_GRAPH_SYNC_BACKOFF_MULTIPLIER";
  public static final String PUSH_BATCH_SIZE = "HYBRID_GRAPH_SYNC_PUSH_BATCH_SIZE";
  public static final String PULL_PAGE_SIZE = "HYBRID_GRAPH_SYNC_PULL_PAGE_SIZE";
  public static final String INITIAL_BACKOFF_MS = "HYBRID_GRAPH_SYNC_INITIAL_BACKOFF_MS";
  public static final String MAX_BACKOFF_MS = "HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS";
  public static final String PUSH_INTERVAL_MS = "HYBRID_GRAPH_SYNC_PUSH_INTERVAL_MS";
  public static final String PULL_INTERVAL_MS = "HYBRID_GRAPH_SYNC_PULL_INTERVAL_MS";
  public static final String CLOUD_SIZE_LIMIT_BYTES = "HYBRID_GRAPH_CLOUD_SIZE_LIMIT_BYTES";
  public static final String API_TOKEN = "CLOUDFLARE_API_TOKEN";
  public static final String ACCOUNT_ID = "CLOUDFLARE_ACCOUNT_ID";
  public static final String DATABASE_ID = "CLOUDFLARE_D1_DATABASE_ID";
  public static final String ENDPOINT = "HYBRID_GRAPH_D1_ENDPOINT";

  public static final String DEFAULT_ENDPOINT = "https://api.cloudflare.com";

  /**
   * Parses the settings.
   *
   * @throws IllegalArgumentException listing every invalid variable with the reason
   */
  public static SyncSettings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    Optional<CloudCredentials> cloud = credentials(reader);
    boolean enabled = reader.bool(ENABLED, cloud.isPresent());
    // Checked on the credentials themselves, not on earlier errors, so that a bad endpoint does
    // not hide the missing credentials (an unparsable endpoint also leaves cloud empty).
    if (enabled && cloud.isEmpty() && !missingCredentials(reader).isEmpty()) {
      reader.error(
          ENABLED
              + " is true but the Cloudflare credentials are incomplete: set "
              + String.join(", ", missingCredentials(reader)));
    }
    SyncConfig defaults = SyncConfig.defaults(enabled);
    int pushBatch = reader.integer(PUSH_BATCH_SIZE, defaults.pushBatchSize(), 1, 10_000);
    int page = reader.integer(BATCH_SIZE, defaults.initialSyncPageSize(), 1, 100_000);
    boolean onStartup = reader.bool(ON_STARTUP, defaults.syncOnStartup());
    int retries = reader.integer(MAX_RETRIES, defaults.maxRetries(), 1, 1_000);
    double multiplier = reader.decimal(BACKOFF_MULTIPLIER, defaults.backoffMultiplier(), 1.0, 10.0);
    Duration initialBackoff =
        reader.millis(INITIAL_BACKOFF_MS, defaults.initialBackoff(), 1, 3_600_000);
    Duration maxBackoff = reader.millis(MAX_BACKOFF_MS, defaults.maxBackoff(), 1, 86_400_000);
    Duration pushInterval = reader.millis(PUSH_INTERVAL_MS, defaults.pushInterval(), 10, 3_600_000);
    Duration pullInterval = reader.millis(PULL_INTERVAL_MS, defaults.pullInterval(), 10, 3_600_000);
    int pullPage = reader.integer(PULL_PAGE_SIZE, defaults.pullPageSize(), 1, 100_000);
    long sizeLimit =
        reader.longInteger(
            CLOUD_SIZE_LIMIT_BYTES, defaults.cloudSizeLimitBytes(), 1, Long.MAX_VALUE);
    if (maxBackoff.compareTo(initialBackoff) < 0 && reader.errors().isEmpty()) {
      reader.error(MAX_BACKOFF_MS + " must not be smaller than " + INITIAL_BACKOFF_MS);
    }
    reader.throwIfInvalid("invalid sync configuration");
    SyncConfig config =
        new SyncConfig(
            enabled,
            pushBatch,
            page,
            onStartup,
            retries,
            multiplier,
            initialBackoff,
            maxBackoff,
            pushInterval,
            pullInterval,
            pullPage,
            sizeLimit);
    return new SyncSettings(config, enabled ? cloud : Optional.empty());
  }

  /** A one-line summary with secrets masked. */
  public String summary() {
    SyncConfig c = config;
    return "sync "
        + (c.enabled() ? "on" : "off")
        + cloud.map(cc -> " (" + cc + ")").orElse("")
        + ", push batch "
        + c.pushBatchSize()
        + ", initial sync page "
        + c.initialSyncPageSize()
        + ", on startup "
        + c.syncOnStartup()
        + ", max retries "
        + c.maxRetries()
        + ", backoff x"
        + c.backoffMultiplier()
        + " from "
        + c.initialBackoff().toMillis()
        + " ms to "
        + c.maxBackoff().toMillis()
        + " ms, push every "
        + c.pushInterval().toMillis()
        + " ms, pull every "
        + c.pullInterval().toMillis()
        + " ms";
  }

  private static List<String> missingCredentials(EnvReader reader) {
    List<String> missing = new ArrayList<>();
    for (String name : List.of(API_TOKEN, ACCOUNT_ID, DATABASE_ID)) {
      if (reader.value(name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  private static Optional<CloudCredentials> credentials(EnvReader reader) {
    String endpointText = reader.value(ENDPOINT).orElse(DEFAULT_ENDPOINT);
    URI endpoint = null;
    try {
      endpoint = new URI(endpointText);
      if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())
          || endpoint.getHost() == null) {
        reader.error(ENDPOINT + " must be an http(s) URL, was '" + endpointText + "'");
      }
    } catch (URISyntaxException e) {
      reader.error(ENDPOINT + " must be an http(s) URL, was '" + endpointText + "'");
    }
    if (!missingCredentials(reader).isEmpty() || endpoint == null) {
      return Optional.empty();
    }
    return Optional.of(
        new CloudCredentials(
            reader.value(ACCOUNT_ID).orElseThrow(),
            reader.value(DATABASE_ID).orElseThrow(),
            reader.value(API_TOKEN).orElseThrow(),
            endpoint));
  }
}
