package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.d1.D1Config;
import io.hybridgraph.d1.D1Module;
import io.hybridgraph.d1.D1Remote;
import io.hybridgraph.sync.port.out.AccessAdvice;
import io.hybridgraph.sync.port.out.RemotePreparation;
import io.hybridgraph.sync.service.SyncModule;
import java.util.Objects;

/**
 * Wiring for a device that syncs with Cloudflare D1 (or a local D1): the sync services over the D1
 * remote graph, whose preparation migrates the D1 schema, and advice naming the settings to fix
 * when D1 refuses the device. Creating the bindings does no I/O.
 */
final class CloudSyncModule extends AbstractModule {

  private final D1Config d1;

  CloudSyncModule(D1Config d1) {
    this.d1 = Objects.requireNonNull(d1, "d1");
  }

  @Override
  protected void configure() {
    install(new SyncModule());
    install(new D1Module());
    bind(D1Config.class).toInstance(d1);
    bind(AccessAdvice.class).to(CloudAdvice.class);
    bind(CloudAdvice.class);
  }

  @Provides
  @Singleton
  RemotePreparation remotePreparation(D1Remote remote) {
    return remote::migrateSchema;
  }
}
