package io.hybridgraph.app;

import io.hybridgraph.sync.SyncSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The whole configuration of the application: store, HTTP, sync and D1 client settings. */
public record AppConfig(StoreSettings store, HttpSettings http, SyncSettings sync, D1Settings d1) {

  public AppConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(sync, "sync");
    Objects.requireNonNull(d1, "d1");
  }

  /**
   * Reads every setting from the environment (a .env file already merged in).
   *
   * @throws IllegalArgumentException listing every invalid variable of every concern
   */
  public static AppConfig fromEnvironment(Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    StoreSettings store = null;
    HttpSettings http = null;
    SyncSettings sync = null;
    D1Settings d1 = null;
    try {
      store = StoreSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    try {
      http = HttpSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    try {
      sync = SyncSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    try {
      d1 = D1Settings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    if (sync != null && sync.config().enabled() && sync.cloud().isPresent()) {
      try {
        CloudSyncModule.d1Config(
            sync.cloud().get(), sync.config(), d1 != null ? d1 : D1Settings.defaults());
      } catch (IllegalArgumentException e) {
        errors.add("invalid cloud configuration: " + cloudVariables(e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new AppConfig(store, http, sync, d1);
  }

  /** The D1 adapter names its settings; people set environment variables. */
  private static String cloudVariables(String message) {
    return message
        .replace("D1 setting accountId", SyncSettings.ACCOUNT_ID)
        .replace("D1 setting databaseId", SyncSettings.DATABASE_ID)
        .replace("D1 setting apiToken", SyncSettings.API_TOKEN)
        .replace("D1 setting baseUrl", SyncSettings.ENDPOINT)
        .replace("D1 setting databaseSizeLimitBytes", SyncSettings.CLOUD_SIZE_LIMIT_BYTES)
        .replace("D1 setting rateLimitRequests", D1Settings.RATE_LIMIT_REQUESTS)
        .replace("D1 setting rateLimitWindow", D1Settings.RATE_LIMIT_WINDOW_SECONDS)
        .replace("D1 setting maxRowsPerRequest", D1Settings.MAX_ROWS_PER_REQUEST)
        .replace("D1 setting maxBytesPerRequest", D1Settings.MAX_BYTES_PER_REQUEST)
        .replace("D1 setting connectTimeout", D1Settings.CONNECT_TIMEOUT_MS)
        .replace("D1 setting readTimeout", D1Settings.READ_TIMEOUT_MS);
  }

  /** Whether sync with the cloud is on. */
  public boolean syncEnabled() {
    return sync.config().enabled() && sync.cloud().isPresent();
  }

  /** One line describing the effective configuration, secrets masked. */
  public String summary() {
    return store.summary() + "; " + http.summary() + "; " + sync.summary() + "; " + d1.summary();
  }

  public AppConfig withHttp(HttpSettings newHttp) {
    return new AppConfig(store, newHttp, sync, d1);
  }
}
