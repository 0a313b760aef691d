package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.d1.ApiToken;
import io.hybridgraph.d1.D1Config;
import io.hybridgraph.d1.D1Module;
import io.hybridgraph.d1.D1Remote;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.ActiveSync;
import io.hybridgraph.sync.CloudCredentials;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.SyncModule;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring for a device that syncs with Cloudflare D1 (or a local D1): the sync core over the D1
 * remote graph built from the Cloudflare credentials. Creating the bindings does no I/O; {@link
 * SyncRuntime#prepare()} migrates the remote schema.
 */
final class CloudSyncModule extends AbstractModule {

  private static final Logger log = LoggerFactory.getLogger(CloudSyncModule.class);

  private final CloudCredentials credentials;

  CloudSyncModule(CloudCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  protected void configure() {
    install(new SyncModule());
    install(new D1Module());
    bind(CloudCredentials.class).toInstance(credentials);
  }

  /**
   * The D1 client settings for the configured credentials, size limit, rate limit, request size and
   * timeouts; also used by {@code doctor}.
   */
  static D1Config d1Config(CloudCredentials credentials, SyncConfig sync, D1Settings d1) {
    D1Config.Builder builder =
        D1Config.builder(
                credentials.accountId(),
                credentials.databaseId(),
                ApiToken.of(credentials.apiToken()))
            .baseUrl(credentials.endpoint())
            .databaseSizeLimitBytes(sync.cloudSizeLimitBytes());
    return d1.applyTo(builder).build();
  }

  @Provides
  @Singleton
  D1Config d1Config(SyncConfig sync, D1Settings d1) {
    return d1Config(credentials, sync, d1);
  }

  @Provides
  @Singleton
  SyncRuntime syncRuntime(D1Remote remote, ActiveSync active, SyncConfig config) {
    return new CloudSyncRuntime(remote, active, config);
  }

  /**
   * Migrates the remote schema, then starts background sync. When the cloud is unreachable at start
   * the device keeps working locally: a named thread retries with the configured backoff and starts
   * sync once the cloud answers. Any other failure (token, database id) is thrown.
   */
  private static final class CloudSyncRuntime implements SyncRuntime {
    private final D1Remote remote;
    private final ActiveSync active;
    private final SyncConfig config;
    private final AtomicBoolean prepared = new AtomicBoolean();
    private boolean started;
    private boolean closed;
    private Thread retry;

    CloudSyncRuntime(D1Remote remote, ActiveSync active, SyncConfig config) {
      this.remote = remote;
      this.active = active;
      this.config = config;
    }

    @Override
    public void prepare() {
      if (!prepared.get()) {
        remote.migrateSchema();
        prepared.set(true);
      }
    }

    @Override
    public void start() {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("sync was stopped; it cannot start again");
        }
        if (started) {
          return;
        }
        started = true;
      }
      try {
        prepare();
        startActive();
      } catch (RemoteGraphException.Unavailable e) {
        log.warn(
            "The cloud database is unreachable ({}); the graph works locally and sync starts"
                + " when the cloud answers",
            e.getMessage());
        synchronized (this) {
          retry = new Thread(this::retryUntilReady, "graph-sync-startup");
          retry.setDaemon(true);
          retry.start();
        }
      }
    }

    private synchronized void startActive() {
      if (!closed) {
        active.start();
      }
    }

    private void retryUntilReady() {
      Duration delay = config.initialBackoff();
      while (true) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        synchronized (this) {
          if (closed) {
            return;
          }
        }
        try {
          prepare();
          startActive();
          log.info("The cloud database answers again; sync started");
          return;
        } catch (RemoteGraphException.Unavailable e) {
          long next =
              (long)
                  Math.min(
                      delay.toMillis() * config.backoffMultiplier(),
                      config.maxBackoff().toMillis());
          delay = Duration.ofMillis(next);
          log.debug("The cloud database is still unreachable; next try in {}", delay);
        } catch (RuntimeException e) {
          log.error("Sync cannot start: {}", e.getMessage());
          return;
        }
      }
    }

    @Override
    public void close() {
      Thread retrying;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        retrying = retry;
      }
      if (retrying != null) {
        retrying.interrupt();
        try {
          retrying.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      active.close();
    }
  }
}
