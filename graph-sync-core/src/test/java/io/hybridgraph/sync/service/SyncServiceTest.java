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
import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncStatus;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner of sync's lifecycle with a real worker thread, a real SQLite store and an in-memory
 * remote: states, named worker, push on a committed local change, pull of other devices' changes,
 * the remote's preparation (retried while it does not answer, held while it refuses access), the
 * initial sync on startup, and a worker that outlives any failed round and reports it at once.
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
        10_000_000_000L,
        Duration.ofMinutes(1));
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
  void start_remoteRefusingAccess_startsHeld_andResumesByItselfOnceAccessIsGranted() {
    AtomicBoolean refusing = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    SyncService sync =
        service(
            config(Duration.ofMillis(20), Duration.ofMillis(20), false)
                .withAccessRetryInterval(Duration.ofMillis(300)),
            () -> {
              attempts.incrementAndGet();
              if (refusing.get()) {
                throw new RemoteGraphException.AccessDenied("HTTP 401 bad token", 10000, null);
              }
            });
    GraphService graph = graph(sync);

    sync.start();
    graph.store(directed(2));

    assertThat(sync.state()).isEqualTo(SyncService.State.RUNNING);
    SyncStatus held = parts.control().status();
    assertThat(held.state()).isEqualTo(SyncStatus.HELD);
    assertThat(held.heldReason())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("HTTP 401 bad token", "fix the test remote's credentials")
                    .contains("checks again every 300 ms"));
    assertThat(held.lastErrorCategory()).hasValue(FailureCategory.ACCESS_DENIED);
    assertThat(held.heldUntil()).isPresent();
    assertThat(held.pending()).isEqualTo(1);
    await().atMost(AT_MOST).until(() -> attempts.get() >= 2);
    assertThat(cloud.requests()).as("nothing asked of the remote while refused").isZero();
    assertThat(parts.control().status().consecutiveFailures()).isGreaterThanOrEqualTo(2);

    refusing.set(false);

    await().atMost(AT_MOST).until(() -> cloud.rows().size() == 1);
    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () -> {
              SyncStatus status = parts.control().status();
              assertThat(status.state()).isEqualTo(SyncStatus.RUNNING);
              assertThat(status.consecutiveFailures()).isZero();
              assertThat(status.heldReason()).isEmpty();
              assertThat(status.lastError()).isEmpty();
            });
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
  void start_remoteRefusingAfterNotAnswering_isHeld_untilTheAccessRetryInterval_andStopsCleanly() {
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
    // FAILING until the retry some 20 ms later is refused.
    assertThat(parts.control().status().state()).isIn(SyncStatus.FAILING, SyncStatus.HELD);
    await().atMost(AT_MOST).until(() -> attempts.get() == 2);
    graph(sync).store(directed(4));

    // The access retry interval is a minute: no quick retry of a refused token.
    await().during(Duration.ofMillis(300)).atMost(AT_MOST).until(() -> attempts.get() == 2);
    assertThat(cloud.requests()).as("nothing pushed or pulled without a prepared remote").isZero();
    SyncStatus status = parts.control().status();
    assertThat(status.state()).isEqualTo(SyncStatus.HELD);
    assertThat(status.consecutiveFailures()).isEqualTo(2);
    assertThat(status.lastError()).hasValue("prepare failed: HTTP 403 bad token");
    sync.stop();
    assertThat(sync.state()).isEqualTo(SyncService.State.TERMINATED);
  }

  @Test
  void rounds_failingWithAnyException_areReportedAtOnce_andTheWorkerLivesOnAndRecovers() {
    SyncService sync = service(Duration.ofMillis(20), Duration.ofMillis(20));
    List<SyncEvent> events = new CopyOnWriteArrayList<>();
    parts.events().subscribe(events::add);
    remote.failPullsWith(
        List.of(
            new IllegalStateException("reading rows in device.db failed: disk I/O error"),
            new RuntimeException("a defect"),
            new StackOverflowError(),
            new IllegalArgumentException("a row needs two different memories")));
    sync.start();

    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () -> {
              SyncStatus status = parts.control().status();
              assertThat(status.state()).isEqualTo(SyncStatus.FAILING);
              assertThat(status.consecutiveFailures()).isGreaterThanOrEqualTo(4);
              assertThat(status.failingSince()).isPresent();
              assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).isNotBlank());
            });
    // Pushes still go through while every pull fails: the worker lives on.
    Association stored = graph(sync).store(directed(9));
    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () ->
                assertThat(cloud.rows())
                    .extracting(r -> r.value().orElseThrow())
                    .containsExactly(stored));

    remote.failPullsWith(List.of());

    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () -> {
              SyncStatus status = parts.control().status();
              assertThat(status.state()).isEqualTo(SyncStatus.RUNNING);
              assertThat(status.consecutiveFailures()).isZero();
              assertThat(status.lastError()).isEmpty();
            });
    assertThat(remote.threads).allSatisfy(t -> assertThat(t).startsWith("graph-sync-worker-"));
    assertThat(events.stream().filter(SyncEvent.Failed.class::isInstance))
        .extracting(e -> ((SyncEvent.Failed) e).category())
        .contains(
            FailureCategory.LOCAL_STORE, FailureCategory.INTERNAL, FailureCategory.INVALID_DATA);
    // The push between the failing pulls is a success that ends a streak: the state may go back
    // and forth, each change told once.
    List<String> states =
        events.stream()
            .filter(SyncEvent.StateChanged.class::isInstance)
            .map(e -> ((SyncEvent.StateChanged) e).state())
            .toList();
    assertThat(states).first().isEqualTo(SyncStatus.FAILING);
    assertThat(states).last().isEqualTo(SyncStatus.RUNNING);
    for (int i = 1; i < states.size(); i++) {
      assertThat(states.get(i)).as("state change %d", i).isNotEqualTo(states.get(i - 1));
    }
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
                10_000_000_000L,
                Duration.ofMinutes(10)),
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
   * the next pushes as unavailable and every pull with anything.
   */
  private static final class ThreadRecordingRemote extends ForwardingRemoteGraph {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<String> operations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingPushes = new AtomicInteger();
    private final AtomicInteger pulls = new AtomicInteger();
    private volatile List<Throwable> failingPulls = List.of();

    ThreadRecordingRemote(RemoteGraph target) {
      super(target);
    }

    void failPushes(int count) {
      failingPushes.set(count);
    }

    /** Every pull throws one of these, in turn, until called with none. */
    void failPullsWith(List<Throwable> failures) {
      failingPulls = List.copyOf(failures);
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
      List<Throwable> failures = failingPulls;
      if (!failures.isEmpty()) {
        Throwable failure = failures.get(pulls.getAndIncrement() % failures.size());
        if (failure instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) failure;
      }
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
