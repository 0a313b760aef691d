package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.sync.LocalOnlyModule;

/** Wiring for a device without cloud credentials: the graph works locally, sync stays off. */
final class LocalSyncModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new LocalOnlyModule());
  }

  @Provides
  @Singleton
  SyncRuntime syncRuntime() {
    return new SyncRuntime() {
      @Override
      public void prepare() {}

      @Override
      public void start() {}

      @Override
      public void close() {}
    };
  }
}
