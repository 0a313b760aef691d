package io.hybridgraph.sync.service;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.LocalChangeListener;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import io.hybridgraph.sync.port.out.AccessAdvice;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wiring for a device that syncs: the graph use cases, whose committed local changes wake the sync
 * worker, and sync's incoming ports ({@link SyncControl}, {@link SyncLifecycle}) over the services
 * of {@link SyncParts}. Needs bindings for the store ports, {@link RemoteGraph}, {@link
 * RemotePreparation}, {@link AccessAdvice}, {@link DeviceId}, {@link SyncConfig} and {@link Clock}
 * from other modules. Nothing starts here: the application starts the {@link SyncLifecycle} after
 * the injector is built.
 */
public final class SyncModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new CoreModule());
  }

  @Provides
  @Singleton
  SyncParts syncParts(
      ChangeOutbox outbox,
      ReplicaStore replica,
      SyncStateStore state,
      RemoteGraph remote,
      RemotePreparation preparation,
      AccessAdvice advice,
      DeviceId device,
      SyncConfig config,
      Clock clock) {
    return SyncParts.build(
        outbox,
        replica,
        state,
        remote,
        preparation,
        advice,
        device,
        config,
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        duration -> Thread.sleep(duration.toMillis()));
  }

  @Provides
  @Singleton
  SyncControl syncControl(SyncParts parts) {
    return parts.control();
  }

  @Provides
  @Singleton
  SyncLifecycle syncLifecycle(SyncParts parts) {
    return parts.service();
  }

  @Provides
  @Singleton
  LocalChangeListener localChanges(SyncParts parts) {
    SyncService service = parts.service();
    return service::wake;
  }
}
