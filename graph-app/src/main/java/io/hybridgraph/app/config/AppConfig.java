package io.hybridgraph.app.config;

import io.hybridgraph.d1.D1Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration of the application: store, HTTP, sync and D1 client settings, each read
 * from the environment by its own class, which names the variable of every error it finds.
 */
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
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    AppConfig config = new AppConfig(store, http, sync, d1);
    if (config.syncEnabled()) {
      // Every value was checked where it was read; this only fails if D1 wants more than that.
      config.d1Config();
    }
    return config;
  }

  /** Whether sync with the cloud is on. */
  public boolean syncEnabled() {
    return sync.config().enabled() && sync.cloud().isPresent();
  }

  /**
   * The D1 client's configuration: the cloud credentials and size limit with the D1 settings.
   *
   * @throws IllegalStateException when sync is off
   */
  public D1Config d1Config() {
    CloudCredentials cloud =
        sync.cloud().orElseThrow(() -> new IllegalStateException("sync is off: no cloud to reach"));
    return d1.d1Config(cloud, sync.config().cloudSizeLimitBytes());
  }

  /** One line describing the effective configuration, secrets masked. */
  public String summary() {
    return store.summary() + "; " + http.summary() + "; " + sync.summary() + "; " + d1.summary();
  }

  public AppConfig withHttp(HttpSettings newHttp) {
    return new AppConfig(store, newHttp, sync, d1);
  }
}
