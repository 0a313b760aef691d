package io.hybridgraph.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.version.DeviceId;
import java.time.Clock;

/**
 * Binds every local-store port to the ports of one {@link SqliteGraphStore}, opened on first use
 * from the bound {@link SqliteStoreConfig} and the bound wall clock. The application closes the
 * store on shutdown.
 */
public final class SqliteModule extends AbstractModule {

  @Provides
  @Singleton
  SqliteGraphStore sqliteGraphStore(SqliteStoreConfig config, Clock clock) {
    return SqliteGraphStore.open(config, clock);
  }

  @Provides
  AssociationStore associationStore(SqliteGraphStore store) {
    return store.associations();
  }

  @Provides
  GraphIndex graphIndex(SqliteGraphStore store) {
    return store.index();
  }

  @Provides
  ReplicaStore replicaStore(SqliteGraphStore store) {
    return store.replica();
  }

  @Provides
  ChangeOutbox changeOutbox(SqliteGraphStore store) {
    return store.outbox();
  }

  @Provides
  HeldDeletions heldDeletions(SqliteGraphStore store) {
    return store.heldDeletions();
  }

  @Provides
  ViewHolds viewHolds(SqliteGraphStore store) {
    return store.viewHolds();
  }

  @Provides
  SetAsideRows setAsideRows(SqliteGraphStore store) {
    return store.setAside();
  }

  @Provides
  SyncStateStore syncStateStore(SqliteGraphStore store) {
    return store.syncState();
  }

  @Provides
  DeviceId deviceId(SqliteGraphStore store) {
    return store.deviceId();
  }
}
