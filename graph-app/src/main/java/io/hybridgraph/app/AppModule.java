package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import io.hybridgraph.sqlite.SqliteModule;
import io.hybridgraph.sync.SyncConfig;
import java.time.Clock;

/** Binds the configuration, the clock and the local SQLite store. */
final class AppModule extends AbstractModule {

  private final AppConfig config;

  AppModule(AppConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(AppConfig.class).toInstance(config);
    bind(HttpSettings.class).toInstance(config.http());
    bind(io.hybridgraph.sqlite.SqliteStoreConfig.class).toInstance(config.store().sqliteConfig());
    bind(SyncConfig.class).toInstance(config.sync().config());
    bind(D1Settings.class).toInstance(config.d1());
    bind(Clock.class).toInstance(Clock.systemUTC());
    install(new SqliteModule());
  }
}
