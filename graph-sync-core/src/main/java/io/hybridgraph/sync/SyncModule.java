package io.hybridgraph.sync;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.domain.version.DeviceId;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wiring for a device that syncs: engine, background service, initial sync, drift detector and the
 * hybrid storage wrapper. Needs bindings for the store ports, {@link RemoteGraph}, {@link
 * DeviceId}, {@link SyncConfig} and {@link Clock} from other modules. Nothing starts here: the
 * application starts {@link ActiveSync} after the injector is built.
 */
public final class SyncModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new CoreModule());
    bind(SyncEvents.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  SyncEngine syncEngine(
      ChangeOutbox outbox,
      ReplicaStore replica,
      SyncStateStore state,
      RemoteGraph remote,
      DeviceId device,
      SyncConfig config,
      Clock clock,
      SyncEvents events) {
    return new SyncEngine(
        outbox,
        replica,
        state,
        remote,
        device,
        config,
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        events);
  }

  @Provides
  @Singleton
  InitialSync initialSync(
      ReplicaStore replica,
      SyncStateStore state,
      RemoteGraph remote,
      SyncEngine engine,
      DeviceId device,
      SyncConfig config,
      Clock clock,
      SyncEvents events) {
    return new InitialSync(
        replica,
        state,
        remote,
        engine,
        device,
        config,
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        events,
        duration -> Thread.sleep(duration.toMillis()));
  }

  @Provides
  @Singleton
  DriftDetector driftDetector(
      ReplicaStore replica, RemoteGraph remote, SyncEngine engine, Clock clock) {
    return new DriftDetector(replica, remote, engine, clock);
  }

  @Provides
  @Singleton
  SyncService syncService(
      SyncEngine engine, SyncConfig config, Clock clock, InitialSync initialSync) {
    return new SyncService(engine, config, clock, new StartupInitialSync(config, initialSync));
  }

  @Provides
  @Singleton
  ActiveSync activeSync(
      SyncEngine engine,
      SyncService service,
      InitialSync initialSync,
      DriftDetector drift,
      ChangeOutbox outbox,
      SyncStateStore state,
      SyncConfig config,
      SyncEvents events,
      Clock clock) {
    return new ActiveSync(
        engine, service, initialSync, drift, outbox, state, config, events, clock);
  }

  @Provides
  @Singleton
  SyncControl syncControl(ActiveSync active) {
    return active;
  }

  @Provides
  @Singleton
  HybridGraphStorage hybridGraphStorage(GraphService local, SyncService service) {
    return new HybridGraphStorage(local, service::wake);
  }
}
