package io.hybridgraph.sync;

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
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteModule;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
  void syncModule_wiresAnActiveDevice_thatPushesWhatIsStored() {
    InMemoryRemoteGraph remote = new InMemoryRemoteGraph();
    SyncConfig config =
        SyncConfig.defaults(true).withIntervals(Duration.ofMillis(50), Duration.ofMillis(50));
    Injector injector = injector(settings(config, remote), new SqliteModule(), new SyncModule());
    ActiveSync sync = injector.getInstance(ActiveSync.class);
    try {
      sync.start();
      injector.getInstance(HybridGraphStorage.class).store(association());

      await().atMost(Duration.ofSeconds(10)).until(() -> remote.rows().size() == 1);
      assertThat(injector.getInstance(SyncControl.class).status().pending()).isZero();
    } finally {
      sync.close();
      injector.getInstance(SqliteGraphStore.class).close();
    }
  }

  @Test
  void localOnlyModule_keepsChangesQueued_andSaysHowToTurnSyncOn() {
    Injector injector =
        injector(
            settings(SyncConfig.defaults(false), null), new SqliteModule(), new LocalOnlyModule());
    try {
      injector.getInstance(HybridGraphStorage.class).store(association());
      SyncControl control = injector.getInstance(SyncControl.class);

      assertThat(control.enabled()).isFalse();
      assertThat(control.status().pending()).isEqualTo(1);
      assertThatThrownBy(control::forceGraphSync).hasMessageContaining("CLOUDFLARE_API_TOKEN");
    } finally {
      injector.getInstance(SqliteGraphStore.class).close();
    }
  }
}
