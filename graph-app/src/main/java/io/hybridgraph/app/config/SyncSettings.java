package io.hybridgraph.app.config;

import io.hybridgraph.sync.SyncConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads sync settings from environment variables (or a .env file already merged into the map),
 * failing with a message that names each invalid variable. The Cloudflare credentials and the
 * endpoint are checked here, as D1 will want them, so that a wrong one is reported by its
 * variable's name.
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
  public static final String ACCESS_RETRY_MS = "HYBRID_GRAPH_SYNC_ACCESS_RETRY_MS";
  public static final String CLOUD_SIZE_LIMIT_BYTES = "HYBRID_GRAPH_CLOUD_SIZE_LIMIT_BYTES";
  public static final String API_TOKEN = "CLOUDFLARE_API_TOKEN";
  public static final String ACCOUNT_ID = "CLOUDFLARE_ACCOUNT_ID";
  public static final String DATABASE_ID = "CLOUDFLARE_D1_DATABASE_ID";
  public static final String ENDPOINT = "HYBRID_GRAPH_D1_ENDPOINT";

  public static final String DEFAULT_ENDPOINT = "https://api.cloudflare.com";

  /** What Cloudflare accepts as an account or database id (D1's rule). */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** The longest API token accepted (D1's rule). */
  private static final int MAX_TOKEN_LENGTH = 4096;

  /**
   * What to set to turn sync on: the message of every sync operation asked of a device whose sync
   * is off.
   */
  public static final String HOW_TO_ENABLE =
      "graph sync is off: set "
          + API_TOKEN
          + ", "
          + ACCOUNT_ID
          + " and "
          + DATABASE_ID
          + " (and "
          + ENDPOINT
          + " for a local D1)";

  /**
   * Parses the settings.
   *
   * @throws IllegalArgumentException listing every invalid variable with the reason
   */
  public static SyncSettings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    Optional<URI> endpoint = endpoint(reader);
    List<String> missing = missingCredentials(reader);
    boolean enabled = reader.bool(ENABLED, missing.isEmpty());
    // Checked on the credentials themselves, not on earlier errors, so that a bad endpoint does
    // not hide the missing credentials.
    if (enabled && !missing.isEmpty()) {
      reader.error(
          ENABLED
              + " is true but the Cloudflare credentials are incomplete: set "
              + String.join(", ", missing));
    }
    Optional<CloudCredentials> cloud =
        enabled && missing.isEmpty() ? credentials(reader, endpoint) : Optional.empty();
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
    Duration accessRetry =
        reader.millis(ACCESS_RETRY_MS, defaults.accessRetryInterval(), 10, 86_400_000);
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
            sizeLimit,
            accessRetry);
    return new SyncSettings(config, cloud);
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
        + " ms, access retry every "
        + c.accessRetryInterval().toMillis()
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

  /** The credentials of a device whose sync is on, each checked where it is read. */
  private static Optional<CloudCredentials> credentials(EnvReader reader, Optional<URI> endpoint) {
    Optional<String> accountId = id(reader, ACCOUNT_ID);
    Optional<String> databaseId = id(reader, DATABASE_ID);
    Optional<String> token = token(reader);
    if (endpoint.isEmpty() || accountId.isEmpty() || databaseId.isEmpty() || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CloudCredentials(accountId.get(), databaseId.get(), token.get(), endpoint.get()));
  }

  private static Optional<String> id(EnvReader reader, String name) {
    Optional<String> value = reader.value(name);
    if (value.isPresent() && !ID.matcher(value.get()).matches()) {
      reader.error(
          name
              + " must be 1 to 128 letters, digits, '.', '_' or '-' (starting with a letter or"
              + " digit), was '"
              + value.get()
              + "'");
      return Optional.empty();
    }
    return value;
  }

  /** The token, never shown in a message. */
  private static Optional<String> token(EnvReader reader) {
    Optional<String> value = reader.value(API_TOKEN);
    if (value.isEmpty()) {
      return value;
    }
    String token = value.get();
    if (token.length() > MAX_TOKEN_LENGTH) {
      reader.error(API_TOKEN + " must be at most " + MAX_TOKEN_LENGTH + " characters long");
      return Optional.empty();
    }
    if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      reader.error(API_TOKEN + " must not contain white space or control characters");
      return Optional.empty();
    }
    return value;
  }

  private static Optional<URI> endpoint(EnvReader reader) {
    String text = reader.value(ENDPOINT).orElse(DEFAULT_ENDPOINT);
    URI endpoint;
    try {
      endpoint = new URI(text);
    } catch (URISyntaxException e) {
      reader.error(ENDPOINT + " must be an http(s) URL, was '" + text + "'");
      return Optional.empty();
    }
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http"))
        || endpoint.isOpaque()
        || endpoint.getHost() == null) {
      reader.error(ENDPOINT + " must be an http(s) URL, was '" + text + "'");
      return Optional.empty();
    }
    if (endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || endpoint.getRawUserInfo() != null) {
      reader.error(
          ENDPOINT + " must not have user info, a query or a fragment, was '" + text + "'");
      return Optional.empty();
    }
    if (scheme.equals("http") && !isLoopback(endpoint.getHost())) {
      reader.error(
          ENDPOINT
              + " must use https (plain http only for a loopback address such as the local D1),"
              + " was '"
              + text
              + "'");
      return Optional.empty();
    }
    return Optional.of(endpoint);
  }

  /** {@code localhost} or a literal loopback address; names are never resolved. */
  private static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean literal =
        bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
