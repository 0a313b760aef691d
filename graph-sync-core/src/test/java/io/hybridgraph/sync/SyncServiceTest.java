package io.hybridgraph.sync;

import static io.hybridgraph.sync.SyncFixtures.directed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background sync service with a real worker thread, a real SQLite store and an in-memory
 * remote: lifecycle, named worker, push on wake, pull of other devices' changes, start-up step.
 */
class SyncServiceTest {

  private static final Duration AT_MOST = Duration.ofSeconds(5);

  @TempDir Path dir;

  private final Clock clock = Clock.systemUTC();
  private final InMemoryRemoteGraph remote = new InMemoryRemoteGraph();
  private SqliteGraphStore store;
  private SyncService service;

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  private SyncService service(Duration push, Duration pull, Runnable beforeLoop) {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    SyncConfig config =
        new SyncConfig(
            true,
            100,
            1_000,
            false,
            5,
            2.0,
            Duration.ofMillis(20),
            Duration.ofMillis(100),
            push,
            pull,
            1_000,
            10_000_000_000L);
    SyncEngine engine =
        new SyncEngine(
            store.outbox(),
            store.replica(),
            store.syncState(),
            remote,
            store.deviceId(),
            config,
            clock,
            Math::random,
            new SyncEvents());
    service = new SyncService(engine, config, clock, beforeLoop);
    return service;
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void lifecycle_newRunningTerminated_stopIsIdempotentAndStartTwiceFails() {
    AtomicReference<String> workerName = new AtomicReference<>();
    SyncService sync =
        service(
            Duration.ofMillis(20),
            Duration.ofMillis(20),
            () -> workerName.set(Thread.currentThread().getName()));
    assertThat(sync.state()).isEqualTo(SyncService.State.NEW);

    sync.start();

    assertThat(sync.state()).isEqualTo(SyncService.State.RUNNING);
    await().atMost(AT_MOST).until(() -> workerName.get() != null);
    assertThat(workerName.get()).matches("graph-sync-worker-\\d+");
    assertThat(threadAlive(workerName.get())).isTrue();
    assertThatThrownBy(sync::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync service cannot start from state RUNNING");

    sync.stop();

    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
    assertThat(threadAlive(workerName.get())).as("worker gone once stop returns").isFalse();
    sync.stop();
    sync.close();
    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
    assertThatThrownBy(sync::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync service cannot start from state TERMINATED");
  }

  @Test
  void stop_beforeStart_terminatesWithoutAWorker() {
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(20), () -> {});

    sync.stop();

    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
    assertThatThrownBy(sync::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void store_throughHybridStorage_wakesTheWorkerAndReachesTheRemoteBeforeAnyInterval() {
    // Intervals far longer than the wait below: only the wake-up can push in time.
    SyncService sync = service(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> {});
    HybridGraphStorage graph =
        new HybridGraphStorage(new GraphService(store.associations(), store.index()), sync::wake);
    sync.start();
    await().atMost(AT_MOST).until(() -> remote.requests() >= 1); // the first round's pull

    Association stored = graph.store(directed(1));

    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () ->
                assertThat(remote.rows())
                    .extracting(r -> r.value().orElseThrow())
                    .containsExactly(stored));
    await().atMost(AT_MOST).until(() -> store.outbox().depth() == 0);
  }

  @Test
  void pull_changeFromAnotherDevice_showsUpLocally() {
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(30), () -> {});
    HybridGraphStorage graph =
        new HybridGraphStorage(new GraphService(store.associations(), store.index()), sync::wake);
    sync.start();
    List<ReplicatedRow> foreign = SyncFixtures.foreignRows("device-b", 3, clock);

    remote.push(new RemoteGraph.PushBatch(new DeviceId("device-b"), 1, foreign));

    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () -> {
              for (ReplicatedRow row : foreign) {
                assertThat(graph.get(row.key())).isEqualTo(row.value());
              }
            });
    assertThat(store.outbox().depth()).as("pulled rows are not pushed back").isZero();
  }

  @Test
  void beforeLoop_runsOnceBeforeTheFirstRound() {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger requestsBefore = new AtomicInteger(-1);
    SyncService sync =
        service(
            Duration.ofMillis(20),
            Duration.ofMillis(20),
            () -> {
              requestsBefore.set(remote.requests());
              runs.incrementAndGet();
            });

    sync.start();
    await().atMost(AT_MOST).until(() -> remote.requests() >= 5);

    assertThat(runs.get()).isEqualTo(1);
    assertThat(requestsBefore.get()).as("remote requests before the start-up step").isZero();
  }

  @Test
  void beforeLoop_failing_doesNotStopTheService() {
    SyncService sync =
        service(
            Duration.ofMillis(20),
            Duration.ofMillis(20),
            () -> {
              throw new IllegalStateException("initial sync failed");
            });
    HybridGraphStorage graph =
        new HybridGraphStorage(new GraphService(store.associations(), store.index()), sync::wake);

    sync.start();
    graph.store(directed(7));

    await().atMost(AT_MOST).until(() -> remote.rows().size() == 1);
    assertThat(sync.state()).isEqualTo(SyncService.State.RUNNING);
  }
}
