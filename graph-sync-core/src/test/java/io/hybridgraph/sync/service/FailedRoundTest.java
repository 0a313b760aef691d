package io.hybridgraph.sync.service;

import static io.hybridgraph.sync.service.SyncFixtures.START;
import static io.hybridgraph.sync.service.SyncFixtures.directed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds that fail for reasons other than the remote (the local store, a row that cannot be read)
 * are recorded like remote failures: thrown to the caller, shown in the status with their category,
 * and holding the next round back with backoff; a refusal of access holds sync for the access retry
 * interval. Time is moved by hand.
 */
class FailedRoundTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryRemoteGraph cloud = new InMemoryRemoteGraph();
  private final ScriptedRemote remote = new ScriptedRemote(cloud);
  private SqliteGraphStore store;
  private BreakableReplica replica;

  @BeforeEach
  void open() {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    replica = new BreakableReplica(store.replica());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SyncParts sync(SyncConfig config) {
    return TestSync.of(store, remote, clock)
        .config(config)
        .replica(replica)
        .advice(refusal -> "set THE_TOKEN")
        .build();
  }

  @Test
  void push_localStoreFailing_isThrown_shownAsFailing_andHoldsBackUntilTheBackoffElapses() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    store.associations().store(directed(1));
    replica.breakDown(new IllegalStateException("reading rows in device.db failed: disk I/O"));

    assertThatThrownBy(() -> sync.pusher().pushDue())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("disk I/O");

    SyncStatus status = sync.control().status();
    assertThat(status.state()).isEqualTo(SyncStatus.FAILING);
    assertThat(status.lastErrorCategory()).hasValue(FailureCategory.LOCAL_STORE);
    assertThat(status.lastError())
        .hasValue("push failed: IllegalStateException: reading rows in device.db failed: disk I/O");
    assertThat(status.consecutiveFailures()).isEqualTo(1);
    assertThat(status.failingSince()).hasValue(clock.instant());
    assertThat(sync.hold().heldUntil()).isEqualTo(clock.instant().plus(SECOND));
    assertThat(store.outbox().depth()).as("nothing lost").isEqualTo(1);
    assertThat(store.outbox().peekDue(10, Long.MAX_VALUE))
        .as("no attempt spent: the change is not at fault")
        .allSatisfy(entry -> assertThat(entry.attempts()).isZero());

    replica.fix();
    assertThat(sync.pusher().pushDue().pushed()).as("held back").isZero();
    clock.advance(SECOND);
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(1);

    SyncStatus recovered = sync.control().status();
    assertThat(recovered.consecutiveFailures()).isZero();
    assertThat(recovered.lastError()).isEmpty();
    assertThat(recovered.state()).isEqualTo("NEW");
  }

  @Test
  void pull_rowsThatCannotBeMerged_areThrown_shownAsInvalidData_andTheCursorStays() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    cloud.push(
        new RemoteGraph.PushBatch(
            new DeviceId("device-b"), 1, SyncFixtures.foreignRows("device-b", 2, clock)));
    replica.breakDown(new IllegalArgumentException("a row needs two different memories"));

    assertThatThrownBy(() -> sync.puller().pull()).isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> sync.puller().pull())
        .as("the retry waits for the backoff")
        .doesNotThrowAnyException();

    SyncStatus status = sync.control().status();
    assertThat(status.state()).isEqualTo(SyncStatus.FAILING);
    assertThat(status.lastErrorCategory()).hasValue(FailureCategory.INVALID_DATA);
    assertThat(status.lastError())
        .hasValue("pull failed: IllegalArgumentException: a row needs two different memories");
    assertThat(status.cursor()).as("the rows are not skipped").isZero();

    replica.fix();
    clock.advance(SECOND);
    assertThat(sync.puller().pull().pulled()).isEqualTo(2);
    assertThat(sync.control().status().consecutiveFailures()).isZero();
  }

  @Test
  void accessDenied_holdsForTheAccessRetryInterval_notTheBackoff_andSaysWhatToFix() {
    SyncParts sync =
        sync(SyncFixtures.config(100, 100, 5).withAccessRetryInterval(Duration.ofSeconds(30)));
    store.associations().store(directed(1));
    remote.failNextPush(
        new RemoteGraphException.AccessDenied("HTTP 403 Authentication error", 10000, null));

    assertThat(sync.pusher().pushDue().failed()).isEqualTo(1);

    assertThat(sync.hold().heldUntil()).isEqualTo(clock.instant().plusSeconds(30));
    SyncStatus status = sync.control().status();
    assertThat(status.state()).isEqualTo(SyncStatus.HELD);
    assertThat(status.heldUntil()).hasValue(clock.instant().plusSeconds(30));
    assertThat(status.heldReason())
        .hasValue(
            "the cloud refused access (HTTP 403 Authentication error); set THE_TOKEN; the local"
                + " graph keeps working and sync checks again every 30 seconds");
    assertThat(status.degradedReason())
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("sync is held: the cloud"));

    clock.advance(Duration.ofSeconds(29));
    assertThat(sync.pusher().pushDue().pushed()).as("held").isZero();
    clock.advance(SECOND);
    assertThat(sync.pusher().pushDue().pushed()).isEqualTo(1);
    assertThat(sync.control().status().heldReason()).isEmpty();
  }

  @Test
  void degradedReason_whileFailing_countsTheRoundsAndNamesTheLastError() {
    SyncParts sync = sync(SyncFixtures.config(100, 100, 5));
    remote.failNextPull(new RemoteGraphException.Unavailable("HTTP 503", 503, null, null));
    remote.failNextPull(new RemoteGraphException.Unavailable("HTTP 502", 502, null, null));

    sync.puller().pull();
    clock.advance(Duration.ofSeconds(2));
    sync.puller().pull();

    assertThat(sync.control().status().degradedReason())
        .hasValue(
            "sync is failing: 2 rounds in a row failed since "
                + clock.instant().minusSeconds(2)
                + "; last: pull failed: HTTP 502");
    assertThat(SyncStatus.disabled(3).degradedReason()).isEmpty();
  }

  /** A replica store whose every call can be made to throw, as a failing disk would. */
  private static final class BreakableReplica implements ReplicaStore {
    private final ReplicaStore target;
    private RuntimeException failure;

    BreakableReplica(ReplicaStore target) {
      this.target = target;
    }

    void breakDown(RuntimeException newFailure) {
      this.failure = newFailure;
    }

    void fix() {
      this.failure = null;
    }

    private void throwIfBroken() {
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public List<ReplicatedRow> merge(
        Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
      throwIfBroken();
      return target.merge(rows, stateUpdates);
    }

    @Override
    public List<ReplicatedRow> rows(Optional<RowKey> after, int limit) {
      throwIfBroken();
      return target.rows(after, limit);
    }

    @Override
    public List<ReplicatedRow> rows(Collection<RowKey> keys) {
      throwIfBroken();
      return target.rows(keys);
    }

    @Override
    public long rowCount() {
      throwIfBroken();
      return target.rowCount();
    }

    @Override
    public long rowCountAfter(Optional<RowKey> after) {
      throwIfBroken();
      return target.rowCountAfter(after);
    }

    @Override
    public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
      throwIfBroken();
      return target.bucketDigests();
    }

    @Override
    public List<ReplicatedRow> bucketRows(int bucket) {
      throwIfBroken();
      return target.bucketRows(bucket);
    }
  }
}
