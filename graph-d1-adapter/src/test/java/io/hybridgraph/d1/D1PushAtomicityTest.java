package io.hybridgraph.d1;

import static io.hybridgraph.d1.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraph.PushResult;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One request is one transaction; a lost acknowledgement or a failed request is safe to retry. */
@ExtendWith(LocalD1Extension.class)
class D1PushAtomicityTest {

  private static final DeviceId DEVICE = new DeviceId("atomic");

  private final LocalD1Database local;
  private D1Remote remote;
  private D1RemoteGraph graph;

  D1PushAtomicityTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void migrate() {
    local.reset();
    remote = D1Remote.create(local.config().build());
    remote.schema().migrate();
    graph = remote.d1Graph();
  }

  @Test
  void batch_whoseLastStatementFails_appliesNothing() {
    remote.database().query(D1Statement.of("CREATE TABLE t (id INTEGER PRIMARY KEY)"));

    catchThrowableOfType(
        RejectedRemoteException.class,
        () ->
            remote
                .database()
                .batch(
                    List.of(
                        D1Statement.of("INSERT INTO t VALUES (1)"),
                        D1Statement.of("INSERT INTO t VALUES (2)"),
                        D1Statement.of("INSERT INTO t VALUES (1)"))));

    assertThat(remote.database().query(D1Statement.of("SELECT count(*) AS n FROM t")).rows())
        .containsExactly(Map.of("n", 0));
  }

  @Test
  void push_failingInsideD1_appliesNoRowNoSequenceAndNoProgress() {
    // A test-only trigger makes D1 abort the request at the 15th row.
    remote
        .database()
        .query(
            D1Statement.of(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON memory_graph"
                    + " WHEN NEW.source_hash = 'poison'"
                    + " BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"));
    List<ReplicatedRow> rows = rows(20);
    rows.set(14, row("poison", "x", 99, DEVICE));

    RejectedRemoteException e =
        catchThrowableOfType(
            RejectedRemoteException.class, () -> graph.push(new PushBatch(DEVICE, 1, rows)));

    assertThat(e.remoteMessage()).hasValueSatisfying(m -> assertThat(m).contains("poisoned row"));
    assertThat(graph.headSequence()).isZero();
    assertThat(graph.scan(Optional.empty(), 100)).isEmpty();
    remote.database().query(D1Statement.of("DROP TRIGGER refuse_poison"));
    PushResult retried = graph.push(new PushBatch(DEVICE, 1, rows));
    assertThat(retried.alreadyApplied()).isFalse();
    assertThat(retried.accepted()).isEqualTo(20);
    assertThat(graph.headSequence()).isEqualTo(20);
  }

  @Test
  void lostAcknowledgement_thenResend_reportsAlreadyApplied_andAppliesOnce() {
    List<ReplicatedRow> rows = rows(30);
    local.injectFault(Map.of("applyThenFail", true, "status", 500, "paths", "query"));

    RetryableRemoteException lost =
        catchThrowableOfType(
            RetryableRemoteException.class, () -> graph.push(new PushBatch(DEVICE, 1, rows)));
    long head = graph.headSequence();
    PushResult resent = graph.push(new PushBatch(DEVICE, 1, rows));

    assertThat(lost.httpStatus()).hasValue(500);
    assertThat(head).isEqualTo(30);
    assertThat(resent.alreadyApplied()).isTrue();
    assertThat(resent.accepted()).isZero();
    assertThat(resent.sizeAfterBytes()).isPositive();
    assertThat(graph.headSequence()).isEqualTo(head);
    List<Change> feed = graph.pull(0, 100).changes();
    assertThat(feed).extracting(Change::row).containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void failureBeforeD1AppliedAnything_thenResend_appliesTheBatch() {
    List<ReplicatedRow> rows = rows(5);
    local.injectFault(Map.of("status", 503, "retryAfter", 1, "paths", "query"));

    RetryableRemoteException e =
        catchThrowableOfType(
            RetryableRemoteException.class, () -> graph.push(new PushBatch(DEVICE, 1, rows)));
    PushResult resent = graph.push(new PushBatch(DEVICE, 1, rows));

    assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(1));
    assertThat(resent.alreadyApplied()).isFalse();
    assertThat(resent.accepted()).isEqualTo(5);
  }

  @Test
  void batchSplitOverSeveralRequests_survivesALostRequestInTheMiddle() {
    D1Remote small = D1Remote.create(local.config().maxRowsPerRequest(10).build());
    RecordingDatabase flaky = new RecordingDatabase(small.database()).dropping(n -> n == 2);
    RemoteGraph flakyGraph = RecordingDatabase.graphOver(small, flaky);
    List<ReplicatedRow> rows = rows(35);

    catchThrowableOfType(
        RetryableRemoteException.class, () -> flakyGraph.push(new PushBatch(DEVICE, 4, rows)));
    // Requests 0 and 1 went through, 2 was lost, 3 never sent: the first 20 rows are in D1.
    assertThat(small.graph().headSequence()).isEqualTo(20);
    PushResult retried = small.graph().push(new PushBatch(DEVICE, 4, rows));
    PushResult again = small.graph().push(new PushBatch(DEVICE, 4, rows));

    assertThat(retried.alreadyApplied()).isFalse();
    assertThat(retried.accepted()).isEqualTo(15);
    assertThat(again.alreadyApplied()).isTrue();
    assertThat(again.accepted()).isZero();
    assertThat(small.d1Graph().scan(Optional.empty(), 100)).containsExactlyElementsOf(sorted(rows));
    assertThat(small.graph().pull(0, 100).changes()).hasSize(35);
  }

  @Test
  void emptyBatch_recordsProgressOnly() {
    PushResult empty = graph.push(new PushBatch(DEVICE, 3, List.of()));
    PushResult again = graph.push(new PushBatch(DEVICE, 3, List.of()));

    assertThat(empty.alreadyApplied()).isFalse();
    assertThat(empty.accepted()).isZero();
    assertThat(again.alreadyApplied()).isTrue();
    assertThat(graph.headSequence()).isZero();
  }

  @Test
  void sameRowTwiceInOneBatch_keepsTheNewerVersion_inEitherOrder() {
    ReplicatedRow older = row("a", "b", 1, DEVICE);
    ReplicatedRow newer = row("a", "b", 2, DEVICE);
    ReplicatedRow olderToo = row("c", "d", 1, DEVICE);
    ReplicatedRow newerToo = row("c", "d", 2, DEVICE);

    PushResult result =
        graph.push(new PushBatch(DEVICE, 1, List.of(older, newer, newerToo, olderToo)));

    assertThat(result.accepted()).isEqualTo(3);
    assertThat(graph.scan(Optional.empty(), 10)).containsExactly(newer, newerToo);
    List<Change> feed = graph.pull(0, 10).changes();
    assertThat(feed).extracting(Change::row).containsExactly(newer, newerToo);
    assertThat(feed.get(0).sequence()).isLessThan(feed.get(1).sequence());
  }

  private static List<ReplicatedRow> rows(int n) {
    List<ReplicatedRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(String.format("s%03d", i), String.format("t%03d", i), i + 1, DEVICE));
    }
    return rows;
  }

  private static List<ReplicatedRow> sorted(List<ReplicatedRow> rows) {
    List<ReplicatedRow> copy = new ArrayList<>(rows);
    copy.sort((a, b) -> a.key().compareTo(b.key()));
    return copy;
  }
}
