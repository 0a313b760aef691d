package io.hybridgraph.sync.service;

import static io.hybridgraph.sync.service.SyncFixtures.directed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner of sync's lifecycle with a real worker thread, a real SQLite store and an in-memory
 * remote: states, named worker, push on a committed local change, pull of other devices' changes,
 * the remote's preparation (retried while it does not answer), the initial sync on startup.
 */
class SyncServiceTest {

  private static final Duration AT_MOST = Duration.ofSeconds(5);

  @TempDir Path dir;

  private final Clock clock = Clock.systemUTC();
  private final InMemoryRemoteGraph cloud = new InMemoryRemoteGraph();
  private final ThreadRecordingRemote remote = new ThreadRecordingRemote(cloud);
  private SqliteGraphStore store;
  private SyncParts parts;

  @AfterEach
  void tearDown() {
    if (parts != null) {
      parts.service().stop();
    }
    if (store != null) {
      store.close();
    }
  }

  private static SyncConfig config(Duration push, Duration pull, boolean onStartup) {
    return new SyncConfig(
        true,
        100,
        1_000,
        onStartup,
        5,
        2.0,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        push,
        pull,
        1_000,
        10_000_000_000L);
  }

  private SyncService service(SyncConfig config, RemotePreparation preparation) {
    if (store == null) {
      store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    }
    parts =
        TestSync.of(store, remote, clock)
            .config(config)
            .random(Math::random)
            .preparation(preparation)
            .build();
    return parts.service();
  }

  private SyncService service(Duration push, Duration pull) {
    return service(config(push, pull, false), () -> {});
  }

  /** The graph as the application wires it: its committed changes wake the worker. */
  private GraphService graph(SyncService service) {
    return new GraphService(store.associations(), store.index(), service::wake);
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void lifecycle_newRunningTerminated_stopIsIdempotentAndStartTwiceFails() {
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(20));
    assertThat(sync.state()).isEqualTo(SyncService.State.NEW);

    sync.start();

    assertThat(sync.state()).isEqualTo(SyncService.State.RUNNING);
    await().atMost(AT_MOST).until(() -> !remote.threads.isEmpty());
    String worker = remote.threads.get(0);
    assertThat(worker).matches("graph-sync-worker-\\d+");
    assertThat(threadAlive(worker)).isTrue();
    assertThatThrownBy(sync::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync service cannot start from state RUNNING");

    sync.stop();

    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
    assertThat(threadAlive(worker)).as("worker gone once stop returns").isFalse();
    sync.stop();
    sync.close();
    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
    assertThatThrownBy(sync::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync service cannot start from state TERMINATED");
  }

  @Test
  void stop_beforeStart_terminatesWithoutAWorker() {
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(20));

    sync.stop();

    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
    assertThatThrownBy(sync::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void store_committedLocally_wakesTheWorkerAndReachesTheRemoteBeforeAnyInterval() {
    // Intervals far longer than the wait below: only the wake-up can push in time.
    SyncService sync = service(Duration.ofMinutes(10), Duration.ofMinutes(10));
    GraphService graph = graph(sync);
    sync.start();
    await().atMost(AT_MOST).until(() -> cloud.requests() >= 1); // the first round's pull

    Association stored = graph.store(directed(1));

    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () ->
                assertThat(cloud.rows())
                    .extracting(r -> r.value().orElseThrow())
                    .containsExactly(stored));
    await().atMost(AT_MOST).until(() -> store.outbox().depth() == 0);
  }

  @Test
  void pull_changeFromAnotherDevice_showsUpLocally() {
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(30));
    GraphService graph = graph(sync);
    sync.start();
    List<ReplicatedRow> foreign = SyncFixtures.foreignRows("device-b", 3, clock);

    cloud.push(new RemoteGraph.PushBatch(new DeviceId("device-b"), 1, foreign));

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
  void start_remotePreparedOnceOnTheCallersThread_beforeAnyRound() {
    AtomicInteger preparations = new AtomicInteger();
    List<String> preparedOn = new CopyOnWriteArrayList<>();
    SyncService sync =
        service(
            config(Duration.ofMillis(20), Duration.ofMillis(20), false),
            () -> {
              preparations.incrementAndGet();
              preparedOn.add(Thread.currentThread().getName());
              assertThat(cloud.requests()).as("remote requests before preparing").isZero();
            });

    sync.start();
    await().atMost(AT_MOST).until(() -> cloud.requests() >= 5);

    assertThat(preparedOn).containsExactly(Thread.currentThread().getName());
    sync.prepare();
    assertThat(preparations.get()).as("prepared once, however often asked").isEqualTo(1);
  }

  @Test
  void start_remoteRefusing_isThrown_andNothingStarts() {
    SyncService sync =
        service(
            config(Duration.ofMillis(20), Duration.ofMillis(20), false),
            () -> {
              throw new RemoteGraphException.AccessDenied("HTTP 403 bad token", 10000, null);
            });

    assertThatThrownBy(sync::start)
        .isInstanceOf(RemoteGraphException.AccessDenied.class)
        .hasMessageContaining("bad token");

    assertThat(sync.state()).isEqualTo(SyncService.State.NEW);
    assertThat(cloud.requests()).isZero();
  }

  @Test
  void start_remoteNotAnswering_worksLocally_andSyncsOnceItAnswers() {
    AtomicInteger attempts = new AtomicInteger();
    SyncService sync =
        service(
            config(Duration.ofMillis(20), Duration.ofMillis(20), false),
            () -> {
              if (attempts.incrementAndGet() <= 3) {
                throw new RemoteGraphException.Unavailable("connection refused", null, null, null);
              }
            });
    GraphService graph = graph(sync);

    sync.start();
    graph.store(directed(3));

    assertThat(sync.state()).isEqualTo(SyncService.State.RUNNING);
    await().atMost(AT_MOST).until(() -> cloud.rows().size() == 1);
    assertThat(attempts.get()).as("retried until it answered, then no more").isEqualTo(4);
    assertThat(remote.threads).allSatisfy(t -> assertThat(t).startsWith("graph-sync-worker-"));
  }

  @Test
  void start_remoteRefusingAfterNotAnswering_givesUp_andStopsCleanly() {
    AtomicInteger attempts = new AtomicInteger();
    SyncService sync =
        service(
            config(Duration.ofMillis(20), Duration.ofMillis(20), false),
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new RemoteGraphException.Unavailable("connection refused", null, null, null);
              }
              throw new RemoteGraphException.AccessDenied("HTTP 403 bad token", 10000, null);
            });

    sync.start();
    await().atMost(AT_MOST).until(() -> attempts.get() == 2);
    graph(sync).store(directed(4));

    await().during(Duration.ofMillis(300)).atMost(AT_MOST).until(() -> attempts.get() == 2);
    assertThat(cloud.requests()).as("nothing pushed or pulled without a prepared remote").isZero();
    sync.stop();
    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
  }

  @Test
  void stop_whileWaitingForTheRemote_endsTheRetries() {
    AtomicInteger attempts = new AtomicInteger();
    SyncService sync =
        service(
            new SyncConfig(
                true,
                100,
                1_000,
                false,
                5,
                2.0,
                Duration.ofMinutes(10),
                Duration.ofMinutes(10),
                Duration.ofMillis(20),
                Duration.ofMillis(20),
                1_000,
                10_000_000_000L),
            () -> {
              attempts.incrementAndGet();
              throw new RemoteGraphException.Unavailable("connection refused", null, null, null);
            });
    sync.start();

    long started = System.nanoTime();
    sync.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_MOST);
    assertThat(attempts.get()).as("no retry after the first attempt").isEqualTo(1);
    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
  }

  @Test
  void initialSyncOnStartup_runsOnceBeforeTheFirstRound_whenNeverCompleted() {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    store.replica().merge(SyncFixtures.foreignRows("legacy-import", 3, clock));
    SyncService sync =
        service(config(Duration.ofMillis(20), Duration.ofMillis(20), true), () -> {});

    sync.start();
    await().atMost(AT_MOST).until(() -> cloud.requests() >= 5);

    assertThat(cloud.rows()).hasSize(3);
    assertThat(remote.operations.get(0)).as("the first request: the upload").isEqualTo("push");
    assertThat(remote.operations.stream().filter("push"::equals)).hasSize(1);
    assertThat(parts.ledger().uploadDone()).isTrue();
  }

  @Test
  void initialSyncOnStartup_failing_doesNotStopTheService() {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    store.replica().merge(SyncFixtures.foreignRows("legacy-import", 1, clock));
    remote.failPushes(5);
    SyncService sync =
        service(config(Duration.ofMillis(20), Duration.ofMillis(20), true), () -> {});
    GraphService graph = graph(sync);

    sync.start();
    graph.store(directed(7));

    await().atMost(AT_MOST).until(() -> cloud.rows().size() == 1);
    assertThat(parts.ledger().uploadDone()).as("the failed upload is not marked done").isFalse();
    assertThat(sync.state()).isEqualTo(SyncService.State.RUNNING);
  }

  @Test
  void startInitialSync_runsOnItsOwnThread_andJoinsTheRunningOne() {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    store.replica().merge(SyncFixtures.foreignRows("legacy-import", 2, clock));
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(20));

    var first = sync.startInitialSync();
    var result = first.join();

    assertThat(result.uploaded()).isEqualTo(2);
    assertThat(remote.threads).containsOnly("graph-initial-sync");
    assertThat(sync.startInitialSync()).as("a new run once the last is done").isNotSameAs(first);
  }

  /**
   * A remote that records on which thread, and for which operation, each request came, and can fail
   * the next pushes as unavailable.
   */
  private static final class ThreadRecordingRemote extends ForwardingRemoteGraph {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<String> operations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingPushes = new AtomicInteger();

    ThreadRecordingRemote(RemoteGraph target) {
      super(target);
    }

    void failPushes(int count) {
      failingPushes.set(count);
    }

    @Override
    public PushResult push(PushBatch batch) {
      threads.add(Thread.currentThread().getName());
      operations.add("push");
      if (failingPushes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new RemoteGraphException.Unavailable("HTTP 503 overloaded", 503, null, null);
      }
      return super.push(batch);
    }

    @Override
    public ChangePage pull(long cursor, int limit) {
      threads.add(Thread.currentThread().getName());
      operations.add("pull");
      return super.pull(cursor, limit);
    }

    @Override
    public long headSequence() {
      threads.add(Thread.currentThread().getName());
      operations.add("head");
      return super.headSequence();
    }
  }
}
