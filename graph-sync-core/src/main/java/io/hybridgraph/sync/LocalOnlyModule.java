package io.hybridgraph.sync;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.service.GraphService;

/**
 * Wiring for a device without cloud credentials: the graph works locally, changes wait in the
 * outbox, and sync control says how to turn sync on. Install instead of {@link SyncModule}.
 */
public final class LocalOnlyModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new CoreModule());
  }

  @Provides
  @Singleton
  HybridGraphStorage hybridGraphStorage(GraphService local) {
    return new HybridGraphStorage(local, () -> {});
  }

  @Provides
  @Singleton
  SyncControl syncControl(ChangeOutbox outbox) {
    return new DisabledSync(outbox);
  }
}
