package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.sync.service.LocalOnlyModule;

/**
 * Wiring for a device without cloud credentials: the graph works locally, sync stays off, and sync
 * operations say which variables turn it on.
 */
final class LocalSyncModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new LocalOnlyModule(SyncSettings.HOW_TO_ENABLE));
  }
}
