package io.hybridgraph.sync.service;

import static io.hybridgraph.sync.service.SyncFixtures.START;
import static io.hybridgraph.sync.service.SyncFixtures.association;
import static io.hybridgraph.sync.service.SyncFixtures.directed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.PushReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pusher, the puller and the remote hold between them, on a real SQLite store and a scripted
 * remote, with time moved by hand: backoff and hold-back, Retry-After, parking after the retry
 * limit, bisection of rejected batches, access and capacity failures, unparking, forced pushes,
 * collapse of repeated changes, pulls without echo, and re-sends after a lost acknowledgement.
 */
// A sync loop that never ends must fail the test, not hang the build.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PushPullTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryRemoteGraph cloud = new InMemoryRemoteGraph();
  private final ScriptedRemote remote = new ScriptedRemote(cloud);
  private final List<SqliteGraphStore> opened = new ArrayList<>();
  private SqliteGraphStore store;

  @AfterEach
  void closeStores() {
    opened.forEach(SqliteGraphStore::close);
  }

  private SyncParts sync(SyncConfig config) {
    return sync(config, () -> 1.0);
  }

  private SyncParts sync(SyncConfig config, DoubleSupplier random) {
    return sync(config, random, null);
  }

  private SyncParts sync(SyncConfig config, DoubleSupplier random, ReplicaStore replica) {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    opened.add(store);
    return TestSync.of(store, remote, clock)
        .config(config)
        .random(random)
        .replica(replica != null ? replica : store.replica())
        .build();
  }

  private List<RowKey> storeDirected(int count) {
    List<RowKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(store.associations().store(directed(i)).key());
    }
    return keys;
  }

  /** Every pending (unparked) outbox entry, whatever its next attempt time. */
  private List<ChangeOutbox.Entry> pending() {
    return store.outbox().peekDue(1_000, Long.MAX_VALUE);
  }

  private static RemoteGraphException.Unavailable unavailable() {
    return new RemoteGraphException.Unavailable("HTTP 503 service unavailable", 503, null, null);
  }

  private List<RowKey> cloudKeys() {
    return cloud.rows().stream().map(ReplicatedRow::key).toList();
  }

  @Test
  void push_transientFailure_countsAttemptAndHoldsBackUntilBackoffElapses() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    storeDirected(2);
    remote.failNextPush(unavailable());

    PushReport report = sync.pusher().pushDue();

    assertThat(report).isEqualTo(new PushReport(0, 0, 2, 2));
    assertThat(pending())
        .allSatisfy(
            entry -> {
              assertThat(entry.attempts()).isEqualTo(1);
              assertThat(entry.lastError()).hasValueSatisfying(e -> assertThat(e).contains("503"));
            });
    Instant failedAt = clock.instant();
    assertThat(sync.hold().heldUntil()).isEqualTo(failedAt.plus(SECOND));
    assertThat(store.outbox().stats().nextAttemptMillis())
        .hasValue(failedAt.plus(SECOND).toEpochMilli());
    assertThat(sync.ledger().lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("push failed"));

    clock.advance(SECOND.minusMillis(1));
    assertThat(sync.pusher().pushDue()).isEqualTo(new PushReport(0, 0, 0, 2));
    assertThat(sync.puller().pull().failed()).isFalse();
    assertThat(remote.pushCalls()).as("push calls while held back").isEqualTo(1);
    assertThat(remote.pullCalls()).as("pull calls while held back").isZero();

    clock.advance(Duration.ofMillis(1));
    assertThat(sync.pusher().pushDue()).isEqualTo(new PushReport(2, 0, 0, 0));
    assertThat(remote.pushCalls()).isEqualTo(2);
    assertThat(cloud.rows()).isEqualTo(store.replica().rows(Optional.empty(), 100));
    assertThat(sync.ledger().lastError()).isEmpty();
    assertThat(store.outbox().depth()).isZero();
  }

  @ParameterizedTest(name = "random {0}")
  @CsvSource({
    "1.0, 1000, 2000, 4000, 5000, 5000, 5000",
    "0.0,  500, 1000, 2000, 2500, 2500, 2500",
    "0.5,  750, 1500, 3000, 3750, 3750, 3750"
  })
  void push_consecutiveFailures_growDelayByMultiplierUpToCap(
      double random, long d1, long d2, long d3, long d4, long d5, long d6) {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 100), () -> random);
    storeDirected(1);

    List<Long> delays = new ArrayList<>();
    for (int failure = 1; failure <= 6; failure++) {
      remote.failNextPush(unavailable());
      assertThat(sync.pusher().pushDue().failed()).as("failure %d", failure).isEqualTo(1);
      Duration delay = Duration.between(clock.instant(), sync.hold().heldUntil());
      delays.add(delay.toMillis());
      clock.advance(delay);
    }
    assertThat(delays).containsExactly(d1, d2, d3, d4, d5, d6);
    assertThat(pending()).singleElement().extracting(ChangeOutbox.Entry::attempts).isEqualTo(6);

    // A success resets the growth: the next failure waits the initial delay again.
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(1);
    storeDirected(2);
    remote.failNextPush(unavailable());
    sync.pusher().pushDue();
    assertThat(Duration.between(clock.instant(), sync.hold().heldUntil()).toMillis()).isEqualTo(d1);
  }

  @Test
  void push_retryAfterLongerThanBackoff_isTheDelay() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    storeDirected(1);
    remote.failNextPush(
        new RemoteGraphException.Unavailable(
            "HTTP 429 rate limited", 429, Duration.ofSeconds(30), null));

    sync.pusher().pushDue();

    assertThat(sync.hold().heldUntil()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(store.outbox().stats().nextAttemptMillis()).hasValue(clock.millis() + 30_000);
    clock.advance(Duration.ofSeconds(30).minusMillis(1));
    sync.pusher().pushDue();
    assertThat(remote.pushCalls()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(1);
  }

  @Test
  void push_retryAfterShorterThanBackoff_keepsTheBackoff() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    storeDirected(1);
    remote.failNextPush(
        new RemoteGraphException.Unavailable(
            "HTTP 429 rate limited", 429, Duration.ofMillis(100), null));

    sync.pusher().pushDue();

    assertThat(sync.hold().heldUntil()).isEqualTo(clock.instant().plus(SECOND));
  }

  @Test
  void push_maxRetriesExhausted_parksWithReasonAndNeverDrops() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 3));
    List<RowKey> keys = storeDirected(2);

    int parked = 0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      remote.failNextPush(unavailable());
      PushReport report = sync.pusher().pushDue();
      assertThat(report.failed()).as("attempt %d", attempt).isEqualTo(2);
      parked += report.parked();
      clock.advance(Duration.between(clock.instant(), sync.hold().heldUntil()));
    }

    assertThat(parked).isEqualTo(2);
    assertThat(store.outbox().parked(10))
        .extracting(ChangeOutbox.Parked::key)
        .containsExactlyElementsOf(keys);
    assertThat(store.outbox().parked(10))
        .allSatisfy(
            p -> {
              assertThat(p.reason())
                  .isEqualTo("gave up after 3 attempts: HTTP 503 service unavailable");
              assertThat(p.attempts()).as("attempts recorded on the parked change").isEqualTo(3);
            });
    assertThat(store.outbox().depth()).as("parked changes stay in the outbox").isEqualTo(2);
    assertThat(store.outbox().stats().pending()).isZero();

    // Parked changes are not retried by the periodic rounds, and are not dropped by them.
    clock.advance(Duration.ofHours(1));
    assertThat(sync.pusher().pushDue()).isEqualTo(new PushReport(0, 0, 0, 0));
    assertThat(remote.pushCalls()).isEqualTo(3);
    assertThat(store.outbox().depth()).isEqualTo(2);
  }

  @Test
  void push_oneRejectedRowInBatch_isParkedAloneAndTheRestIsPushed() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    List<RowKey> keys = storeDirected(8);
    RowKey bad = keys.get(4);
    remote.reject(bad);

    PushReport report = sync.pusher().pushDue();

    assertThat(report).isEqualTo(new PushReport(7, 1, 0, 0));
    assertThat(cloudKeys())
        .containsExactlyElementsOf(keys.stream().filter(k -> !k.equals(bad)).toList());
    assertThat(store.outbox().parked(10))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo(bad);
              assertThat(p.reason()).startsWith("rejected by the cloud: D1_ERROR");
            });
    assertThat(sync.hold().heldUntil())
        .as("a rejection holds nothing back")
        .isEqualTo(Instant.EPOCH);
    assertThat(sync.ledger().lastError()).isEmpty();

    // The queue is not blocked: a later change goes straight through, the rejected one stays put.
    RowKey later = store.associations().store(directed(100)).key();
    assertThat(sync.pusher().pushDue()).isEqualTo(new PushReport(1, 0, 0, 0));
    assertThat(cloudKeys()).contains(later);
    assertThat(store.outbox().parked(10)).extracting(ChangeOutbox.Parked::key).containsExactly(bad);
    assertThat(store.outbox().depth()).isEqualTo(1);
  }

  static Stream<Arguments> failuresNoChangeIsToBlameFor() {
    return Stream.of(
        Arguments.of(new RemoteGraphException.AccessDenied("HTTP 403 bad token", 10000, null)),
        Arguments.of(new RemoteGraphException.Full("D1 database is full", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failuresNoChangeIsToBlameFor")
  void push_accessDeniedOrFull_spendsNoAttemptsButHoldsBackAndReports(RemoteGraphException e) {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 1));
    storeDirected(2);
    remote.failNextPush(e);

    PushReport report = sync.pusher().pushDue();

    assertThat(report).isEqualTo(new PushReport(0, 0, 2, 2));
    assertThat(pending()).hasSize(2).allSatisfy(entry -> assertThat(entry.attempts()).isZero());
    assertThat(store.outbox().parked(10))
        .as("even with max retries 1, nothing is parked")
        .isEmpty();
    assertThat(sync.ledger().lastError()).hasValue("push failed: " + e.getMessage());
    assertThat(sync.ledger().lastErrorAt()).hasValue(clock.instant());
    assertThat(sync.hold().pushHeldUntil()).isEqualTo(clock.instant().plus(SECOND));

    clock.advance(Duration.ofMillis(999));
    sync.pusher().pushDue();
    assertThat(remote.pushCalls()).as("held back").isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(2);
  }

  @Test
  void push_accessDenied_holdsBackPullsToo() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    storeDirected(1);
    remote.failNextPush(new RemoteGraphException.AccessDenied("HTTP 403 bad token", 10000, null));

    sync.pusher().pushDue();

    assertThat(sync.hold().heldUntil()).isEqualTo(clock.instant().plus(SECOND));
    assertThat(sync.puller().pull().pulled()).isZero();
    assertThat(remote.pullCalls()).as("the credentials are shared by pulls").isZero();
  }

  @Test
  void push_cloudFull_holdsBackPushesOnlyWithItsOwnBackoff_andPullsGoOn() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    storeDirected(1);
    cloud.push(
        new RemoteGraph.PushBatch(
            new DeviceId("device-b"), 1, SyncFixtures.foreignRows("device-b", 2, clock)));
    remote.failPushesWhile(
        batch -> true, () -> new RemoteGraphException.Full("D1 database is full", null));

    assertThat(sync.pusher().pushDue().failed()).isEqualTo(1);

    assertThat(sync.hold().heldUntil()).as("the remote may still be read").isEqualTo(Instant.EPOCH);
    assertThat(sync.hold().pushHeldUntil()).isEqualTo(clock.instant().plus(SECOND));
    assertThat(sync.puller().pull()).isEqualTo(new PullReport(2, 2, 2, false));
    assertThat(remote.pullCalls()).isEqualTo(1);

    // A successful pull does not end the push hold, and its growth goes on.
    clock.advance(Duration.ofMillis(999));
    assertThat(sync.pusher().pushDue().failed()).isZero();
    assertThat(remote.pushCalls()).as("held back").isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(sync.pusher().pushDue().failed()).isEqualTo(1);
    assertThat(sync.hold().pushHeldUntil()).isEqualTo(clock.instant().plusSeconds(2));
    assertThat(sync.puller().pull().failed()).isFalse();
    assertThat(sync.hold().pushHeldUntil()).isEqualTo(clock.instant().plusSeconds(2));
    assertThat(sync.ledger().lastError()).hasValue("push failed: D1 database is full");

    // A successful push ends it: the next refusal waits the initial delay again.
    remote.heal();
    clock.advance(Duration.ofSeconds(2));
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(1);
    assertThat(sync.hold().pushHeldUntil()).isEqualTo(Instant.EPOCH);
    assertThat(sync.ledger().lastError()).isEmpty();
    storeDirected(2);
    remote.failNextPush(new RemoteGraphException.Full("D1 database is full", null));
    sync.pusher().pushDue();
    assertThat(sync.hold().pushHeldUntil()).isEqualTo(clock.instant().plus(SECOND));
  }

  @Test
  void firstSuccessAfterFailures_returnsParkedChangesToTheQueue() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 1));
    List<RowKey> keys = storeDirected(2);
    remote.failNextPush(unavailable());
    assertThat(sync.pusher().pushDue().parked()).isEqualTo(2);
    assertThat(store.outbox().parked(10)).hasSize(2);

    clock.advance(Duration.between(clock.instant(), sync.hold().heldUntil()));
    assertThat(sync.puller().pull().failed()).isFalse();

    assertThat(store.outbox().parked(10)).isEmpty();
    assertThat(store.outbox().peekDue(10, clock.millis()))
        .extracting(ChangeOutbox.Entry::key, ChangeOutbox.Entry::attempts)
        .containsExactly(tuple(keys.get(0), 0), tuple(keys.get(1), 0));
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(2);
    assertThat(store.outbox().depth()).isZero();
  }

  @Test
  void forcePush_unparksAndIgnoresBackoff_reportsPushedParkedAndRemaining() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 1));
    List<RowKey> keys = storeDirected(4);
    remote.failNextPush(
        new RemoteGraphException.Unavailable("HTTP 429", 429, Duration.ofHours(1), null));
    sync.pusher().pushDue();
    assertThat(store.outbox().parked(10)).hasSize(4);
    RowKey fresh = store.associations().store(directed(50)).key();
    assertThat(sync.pusher().pushDue()).as("held back").isEqualTo(new PushReport(0, 0, 0, 1));
    remote.reject(keys.get(2));

    PushReport report = sync.pusher().forcePush();

    assertThat(report).isEqualTo(new PushReport(4, 1, 0, 0));
    assertThat(cloudKeys()).containsExactly(keys.get(0), keys.get(1), keys.get(3), fresh);
    assertThat(store.outbox().parked(10))
        .extracting(ChangeOutbox.Parked::key)
        .containsExactly(keys.get(2));
    assertThat(sync.hold().heldUntil()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void forcePush_failingMidway_reportsFailedAndRemainingExactly() {
    SyncParts sync = sync(SyncFixtures.config(2, 100, 5));
    List<RowKey> keys = storeDirected(5);
    remote.passNextPush().failNextPush(unavailable());

    assertThat(sync.pusher().forcePush()).isEqualTo(new PushReport(2, 0, 2, 3));
    assertThat(cloudKeys()).containsExactly(keys.get(0), keys.get(1));
    assertThat(sync.hold().heldUntil()).isAfter(clock.instant());

    // Still held back and not yet due, but a forced push goes anyway.
    assertThat(sync.pusher().pushDue().pushed()).isZero();
    assertThat(sync.pusher().forcePush()).isEqualTo(new PushReport(3, 0, 0, 0));
    assertThat(cloudKeys()).containsExactlyElementsOf(keys);
  }

  @Test
  void push_severalChangesToOnePair_collapseToTheLatestRowsSentOnce() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    for (int i = 1; i <= 5; i++) {
      store.associations().store(association("x", "y", RelationshipType.RELATED, i / 10.0));
    }
    assertThat(store.outbox().depth()).as("one entry per row of the symmetric pair").isEqualTo(2);

    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(2);

    assertThat(remote.pushCalls()).isEqualTo(1);
    assertThat(remote.applied()).singleElement().extracting(b -> b.rows().size()).isEqualTo(2);
    assertThat(remote.results())
        .singleElement()
        .extracting(RemoteGraph.PushResult::accepted)
        .isEqualTo(2);
    assertThat(cloud.rows()).isEqualTo(store.replica().rows(Optional.empty(), 100));
    assertThat(cloud.rows())
        .allSatisfy(
            row -> assertThat(row.value().orElseThrow().similarity().value()).isEqualTo(0.5));
  }

  @Test
  void pull_mergesEachPageWithItsCursorInOneWrite_andNeverEchoes() {
    RecordingReplica recording = new RecordingReplica();
    SyncParts sync = sync(SyncFixtures.config(100, 2, 5), () -> 1.0, recording);
    recording.target = store.replica();
    List<ReplicatedRow> foreign = SyncFixtures.foreignRows("device-b", 5, clock);
    cloud.push(new RemoteGraph.PushBatch(new DeviceId("device-b"), 1, foreign));

    PullReport report = sync.puller().pull();

    assertThat(report).isEqualTo(new PullReport(5, 5, 5, false));
    assertThat(recording.merges)
        .containsExactly(new Merge(2, "2"), new Merge(2, "4"), new Merge(1, "5"));
    assertThat(sync.ledger().cursor()).isEqualTo(cloud.headSequence());
    assertThat(store.replica().rows(Optional.empty(), 100)).isEqualTo(foreign);
    assertThat(store.outbox().depth()).as("pulled rows are not queued to be pushed back").isZero();
    assertThat(sync.pusher().pushDue().pushed()).isZero();
    assertThat(remote.pushCalls()).isZero();

    assertThat(sync.puller().pull()).isEqualTo(new PullReport(0, 0, 5, false));
    assertThat(recording.merges).hasSize(3);
  }

  @Test
  void pull_failingOnSecondPage_keepsTheCursorOfTheMergedPageOnly() {
    SyncParts sync = sync(SyncFixtures.config(100, 2, 5));
    List<ReplicatedRow> foreign = SyncFixtures.foreignRows("device-b", 5, clock);
    cloud.push(new RemoteGraph.PushBatch(new DeviceId("device-b"), 1, foreign));
    remote.failNextPull(unavailable());

    assertThat(sync.puller().pull()).isEqualTo(new PullReport(0, 0, 0, true));
    assertThat(sync.ledger().cursor()).isZero();
    assertThat(sync.ledger().lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("pull failed"));

    clock.advance(Duration.between(clock.instant(), sync.hold().heldUntil()));
    remote.passNextPull().failNextPull(unavailable());
    assertThat(sync.puller().pull()).isEqualTo(new PullReport(2, 2, 2, true));
    assertThat(sync.ledger().cursor()).isEqualTo(2);
    assertThat(store.replica().rows(Optional.empty(), 100)).isEqualTo(foreign.subList(0, 2));

    clock.advance(Duration.between(clock.instant(), sync.hold().heldUntil()));
    assertThat(sync.puller().pull()).isEqualTo(new PullReport(3, 3, 5, false));
    assertThat(store.replica().rows(Optional.empty(), 100)).isEqualTo(foreign);
  }

  @Test
  void push_acknowledgementLost_isResentAndTheCloudHoldsEachRowOnce() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    storeDirected(3);
    remote.loseNextAck(
        new RemoteGraphException.Unavailable(
            "connection reset after the request was sent", null, null, null));

    assertThat(sync.pusher().pushDue()).isEqualTo(new PushReport(0, 0, 3, 3));
    assertThat(cloud.rows()).as("the cloud applied the batch").hasSize(3);
    long headAfterFirstSend = cloud.headSequence();

    clock.advance(Duration.between(clock.instant(), sync.hold().heldUntil()));
    assertThat(sync.pusher().pushDue()).isEqualTo(new PushReport(3, 0, 0, 0));

    assertThat(remote.applied()).hasSize(2);
    assertThat(remote.applied().get(1).rows()).isEqualTo(remote.applied().get(0).rows());
    assertThat(remote.results().get(1).accepted()).as("the re-send changes nothing").isZero();
    assertThat(cloud.headSequence()).isEqualTo(headAfterFirstSend);
    assertThat(cloud.rows()).isEqualTo(store.replica().rows(Optional.empty(), 100));
    assertThat(store.outbox().depth()).isZero();
  }

  private record Merge(int rows, String cursor) {}

  /** A replica store that records what each merge carried alongside its rows. */
  private static final class RecordingReplica implements ReplicaStore {
    ReplicaStore target;
    final List<Merge> merges = new ArrayList<>();

    @Override
    public List<ReplicatedRow> merge(
        Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
      merges.add(new Merge(rows.size(), stateUpdates.get(SyncLedger.PULL_CURSOR)));
      return target.merge(rows, stateUpdates);
    }

    @Override
    public List<ReplicatedRow> rows(Optional<RowKey> after, int limit) {
      return target.rows(after, limit);
    }

    @Override
    public List<ReplicatedRow> rows(Collection<RowKey> keys) {
      return target.rows(keys);
    }

    @Override
    public long rowCount() {
      return target.rowCount();
    }

    @Override
    public long rowCountAfter(Optional<RowKey> after) {
      return target.rowCountAfter(after);
    }

    @Override
    public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
      return target.bucketDigests();
    }

    @Override
    public List<ReplicatedRow> bucketRows(int bucket) {
      return target.bucketRows(bucket);
    }
  }
}
