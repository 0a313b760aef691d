package io.hybridgraph.sync.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.in.DeleteAssociationUseCase;
import io.hybridgraph.domain.port.in.FindConnectedUseCase;
import io.hybridgraph.domain.port.in.FindShortestPathUseCase;
import io.hybridgraph.domain.port.in.GetAssociationsUseCase;
import io.hybridgraph.domain.port.in.GetSubgraphUseCase;
import io.hybridgraph.domain.port.in.GraphStatisticsUseCase;
import io.hybridgraph.domain.port.in.StoreAssociationUseCase;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteModule;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncDisabledException;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import io.hybridgraph.sync.port.out.AccessAdvice;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modules wire up under the strict injector settings the application uses. */
class SyncWiringTest {

  @TempDir Path dir;

  private static Injector injector(com.google.inject.Module... modules) {
    return Guice.createInjector(
        Stage.PRODUCTION,
        new AbstractModule() {
          @Override
          protected void configure() {
            binder().requireExplicitBindings();
            binder().disableCircularProxies();
            binder().requireExactBindingAnnotations();
            for (com.google.inject.Module module : modules) {
              install(module);
            }
          }
        });
  }

  private AbstractModule settings(SyncConfig config, RemoteGraph remote) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(SqliteStoreConfig.class)
            .toInstance(
                SqliteStoreConfig.of(dir.resolve("graph.db"))
                    .withDurability(SqliteStoreConfig.Durability.NORMAL));
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(SyncConfig.class).toInstance(config);
        if (remote != null) {
          bind(RemoteGraph.class).toInstance(remote);
          bind(RemotePreparation.class).toInstance(() -> {});
          bind(AccessAdvice.class).toInstance(refusal -> "fix the credentials");
        }
      }
    };
  }

  private static Association association() {
    return new Association(
        MemoryHash.of("a"),
        MemoryHash.of("b"),
        RelationshipType.SUPPORTS,
        Similarity.of(0.4),
        ConnectionTypes.none(),
        Metadata.empty(),
        1.0);
  }

  @Test
  void syncModule_wiresAnActiveDevice_whoseStoresWakeTheWorker() {
    InMemoryRemoteGraph remote = new InMemoryRemoteGraph();
    // Intervals far longer than the wait below: only the wake-up of a committed store can push.
    SyncConfig config =
        SyncConfig.defaults(true).withIntervals(Duration.ofMinutes(10), Duration.ofMinutes(10));
    Injector injector = injector(settings(config, remote), new SqliteModule(), new SyncModule());
    SyncLifecycle lifecycle = injector.getInstance(SyncLifecycle.class);
    try {
      lifecycle.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> remote.requests() >= 1);
      injector.getInstance(StoreAssociationUseCase.class).store(association());

      await().atMost(Duration.ofSeconds(10)).until(() -> remote.rows().size() == 1);
      SyncControl control = injector.getInstance(SyncControl.class);
      assertThat(control.enabled()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> control.status().pending() == 0);
      assertThat(control.status().state()).isEqualTo("RUNNING");
    } finally {
      lifecycle.close();
      injector.getInstance(SqliteGraphStore.class).close();
    }
  }

  @Test
  void syncModule_bindsEveryGraphUseCase_toTheOneGraphService() {
    Injector injector =
        injector(
            settings(SyncConfig.defaults(true), new InMemoryRemoteGraph()),
            new SqliteModule(),
            new SyncModule());
    try {
      GraphService graph = injector.getInstance(GraphService.class);
      for (Class<?> useCase :
          List.of(
              StoreAssociationUseCase.class,
              DeleteAssociationUseCase.class,
              GetAssociationsUseCase.class,
              FindConnectedUseCase.class,
              FindShortestPathUseCase.class,
              GetSubgraphUseCase.class,
              GraphStatisticsUseCase.class)) {
        assertThat(injector.getInstance(useCase)).as(useCase.getSimpleName()).isSameAs(graph);
      }
    } finally {
      injector.getInstance(SqliteGraphStore.class).close();
    }
  }

  @Test
  void localOnlyModule_keepsChangesQueued_andSaysHowToTurnSyncOn() {
    Injector injector =
        injector(
            settings(SyncConfig.defaults(false), null),
            new SqliteModule(),
            new LocalOnlyModule("set SYNC_ON=1"));
    try {
      injector.getInstance(StoreAssociationUseCase.class).store(association());
      SyncControl control = injector.getInstance(SyncControl.class);
      SyncLifecycle lifecycle = injector.getInstance(SyncLifecycle.class);

      assertThat(control.enabled()).isFalse();
      assertThat(control.status().pending()).isEqualTo(1);
      assertThat(control.status().state()).isEqualTo("OFF");
      for (ThrowingCallable operation :
          List.<ThrowingCallable>of(
              control::forceGraphSync,
              control::startInitialSync,
              () -> control.checkDrift(true),
              lifecycle::prepare)) {
        assertThatThrownBy(operation)
            .isInstanceOf(SyncDisabledException.class)
            .hasMessage("set SYNC_ON=1");
      }
      lifecycle.start();
      lifecycle.close();
      assertThat(control.status().pending()).as("nothing ran").isEqualTo(1);
    } finally {
      injector.getInstance(SqliteGraphStore.class).close();
    }
  }
}
