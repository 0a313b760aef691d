package io.hybridgraph.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.ChangePage;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraph.PushResult;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RemoteGraph}, run against every implementation (the D1 adapter, any
 * in-memory fake). Each test gets a fresh, empty remote from {@link #newRemote()}.
 *
 * <p>Implementation-neutral: a remote may keep only the latest state of each row (as D1 does) or a
 * log of every accepted change; either way, folding everything pulled with {@link
 * ReplicatedRow#merge} must give the remote's state, sequences must strictly increase, and nothing
 * accepted after a cursor may be missed by a pull after it.
 */
public abstract class RemoteGraphContract {

  protected static final DeviceId DEVICE_A = new DeviceId("device-a");
  protected static final DeviceId DEVICE_B = new DeviceId("device-b");

  private static final long T0 = 1_700_000_000_000L;

  private RemoteGraph remote;

  /** A new, empty remote graph; called before every test. */
  protected abstract RemoteGraph newRemote();

  /**
   * A keyset page of every row the remote made by the last {@link #newRemote()} holds, tombstones
   * included, ordered by key. Not part of the port (devices never read the whole remote): each
   * implementation's own reading of its state, so the contract checks what the remote stored, not
   * only what it hands out.
   */
  protected abstract List<ReplicatedRow> scan(Optional<RowKey> after, int limit);

  @BeforeEach
  void createRemote() {
    remote = newRemote();
  }

  protected RemoteGraph remote() {
    return remote;
  }

  // --- push and pull ----------------------------------------------------------------------------

  @Test
  void push_thenPull_returnsEveryRowOnceWithIncreasingSequences() {
    List<ReplicatedRow> rows = new ArrayList<>();
    rows.addAll(symmetric("m01", "m02", RelationshipType.RELATED, 1, clock(1, DEVICE_A)));
    rows.add(directed("m01", "m03", RelationshipType.CAUSES, 1, clock(2, DEVICE_A)));
    rows.add(directed("m04", "m02", RelationshipType.FIXES, 1, clock(3, DEVICE_A)));
    rows.add(tombstone("m05", "m06", 2, clock(4, DEVICE_A)));

    PushResult result = remote.push(new PushBatch(DEVICE_A, 1, rows));

    assertThat(result.alreadyApplied()).isFalse();
    assertThat(result.accepted()).isEqualTo(rows.size());
    ChangePage page = remote.pull(0, 100);
    assertThat(page.hasMore()).isFalse();
    assertThat(page.changes()).extracting(Change::row).containsExactlyInAnyOrderElementsOf(rows);
    assertStrictlyIncreasing(page.changes());
    assertThat(page.changes().get(0).sequence()).isPositive();
    assertThat(page.lastSequence()).isEqualTo(last(page.changes()).sequence());
  }

  @Test
  void pull_emptyRemote_returnsEmptyPageAtCursor() {
    ChangePage fromStart = remote.pull(0, 10);
    ChangePage fromLater = remote.pull(42, 10);

    assertThat(fromStart.changes()).isEmpty();
    assertThat(fromStart.hasMore()).isFalse();
    assertThat(fromStart.lastSequence()).isZero();
    assertThat(fromLater.changes()).isEmpty();
    assertThat(fromLater.lastSequence()).isEqualTo(42);
  }

  @Test
  void push_sameBatchAgain_changesNothingAndReportsAlreadyApplied() {
    List<ReplicatedRow> rows =
        List.of(
            directed("m01", "m02", RelationshipType.SUPPORTS, 1, clock(1, DEVICE_A)),
            directed("m02", "m03", RelationshipType.FOLLOWS, 1, clock(2, DEVICE_A)));
    PushBatch batch = new PushBatch(DEVICE_A, 7, rows);
    remote.push(batch);
    long cursor = pullAll(0).lastSequence();

    PushResult again = remote.push(batch);

    assertThat(again.alreadyApplied()).isTrue();
    assertThat(again.accepted()).isZero();
    assertThat(remote.pull(cursor, 100).changes()).isEmpty();
    assertThat(state())
        .containsOnlyKeys(keys(rows))
        .containsValues(rows.toArray(new ReplicatedRow[0]));
  }

  @Test
  void push_olderBatchAfterNewerOne_reportsAlreadyApplied() {
    ReplicatedRow first = directed("m01", "m02", RelationshipType.CAUSES, 1, clock(1, DEVICE_A));
    ReplicatedRow second = directed("m01", "m02", RelationshipType.CAUSES, 1, clock(2, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(first)));
    remote.push(new PushBatch(DEVICE_A, 2, List.of(second)));

    PushResult resent = remote.push(new PushBatch(DEVICE_A, 1, List.of(first)));

    assertThat(resent.alreadyApplied()).isTrue();
    assertThat(state()).containsEntry(first.key(), second);
  }

  @Test
  void push_reusedSequenceWithNewRows_stillAppliesThem() {
    // A database file copied to a second machine carries the same device id and sequences.
    remote.push(
        new PushBatch(
            DEVICE_A,
            3,
            List.of(directed("m01", "m02", RelationshipType.CAUSES, 1, clock(1, DEVICE_A)))));
    ReplicatedRow fromCopy = directed("m05", "m06", RelationshipType.FIXES, 1, clock(2, DEVICE_A));

    PushResult result = remote.push(new PushBatch(DEVICE_A, 3, List.of(fromCopy)));

    assertThat(result.alreadyApplied()).isTrue();
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(state()).containsEntry(fromCopy.key(), fromCopy);
  }

  @Test
  void push_batchSequencesOfDifferentDevices_areIndependent() {
    remote.push(
        new PushBatch(
            DEVICE_A,
            5,
            List.of(directed("m01", "m02", RelationshipType.CAUSES, 1, clock(1, DEVICE_A)))));

    PushResult fromB =
        remote.push(
            new PushBatch(
                DEVICE_B,
                1,
                List.of(directed("m03", "m04", RelationshipType.CAUSES, 1, clock(2, DEVICE_B)))));

    assertThat(fromB.alreadyApplied()).isFalse();
    assertThat(fromB.accepted()).isEqualTo(1);
  }

  @Test
  void push_sameRowsInANewBatch_acceptsNothingAndAddsNoChange() {
    List<ReplicatedRow> rows =
        symmetric("m01", "m02", RelationshipType.CONTRADICTS, 1, clock(1, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, rows));
    long cursor = pullAll(0).lastSequence();

    PushResult result = remote.push(new PushBatch(DEVICE_B, 1, rows));

    assertThat(result.alreadyApplied()).isFalse();
    assertThat(result.accepted()).isZero();
    assertThat(remote.pull(cursor, 100).changes()).isEmpty();
  }

  @Test
  void push_sameCausalLengthOlderClock_neverOverwritesNewerRow() {
    ReplicatedRow newer =
        present("m01", "m02", RelationshipType.CAUSES, 0.9, 1, clock(200, DEVICE_A));
    ReplicatedRow older =
        present("m01", "m02", RelationshipType.SUPPORTS, 0.1, 1, clock(100, DEVICE_B));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(newer)));
    long cursor = pullAll(0).lastSequence();

    PushResult result = remote.push(new PushBatch(DEVICE_B, 1, List.of(older)));

    assertThat(result.accepted()).isZero();
    assertThat(state()).containsEntry(newer.key(), newer);
    assertThat(remote.pull(cursor, 100).changes()).isEmpty();
  }

  @Test
  void push_sameWallClockLowerDevice_losesTheTie() {
    ReplicatedRow fromB =
        present("m01", "m02", RelationshipType.CAUSES, 0.5, 1, clock(100, DEVICE_B));
    ReplicatedRow fromA =
        present("m01", "m02", RelationshipType.FIXES, 0.6, 1, clock(100, DEVICE_A));
    remote.push(new PushBatch(DEVICE_B, 1, List.of(fromB)));

    PushResult result = remote.push(new PushBatch(DEVICE_A, 1, List.of(fromA)));

    assertThat(result.accepted()).isZero();
    assertThat(state()).containsEntry(fromB.key(), fromB);
  }

  @Test
  void push_lowerCausalLengthWithNewerClock_neverOverwritesHigherCausalLength() {
    ReplicatedRow deleted = tombstone("m01", "m02", 2, clock(100, DEVICE_A));
    ReplicatedRow staleEdit =
        present("m01", "m02", RelationshipType.CAUSES, 0.7, 1, clock(900, DEVICE_B));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(deleted)));

    PushResult result = remote.push(new PushBatch(DEVICE_B, 1, List.of(staleEdit)));

    assertThat(result.accepted()).isZero();
    assertThat(state()).containsEntry(deleted.key(), deleted);
  }

  @Test
  void push_tombstoneWithHigherCausalLength_winsAndIsPulledAfterTheCursor() {
    ReplicatedRow live =
        present("m01", "m02", RelationshipType.CAUSES, 0.7, 1, clock(900, DEVICE_B));
    ReplicatedRow deleted = tombstone("m01", "m02", 2, clock(100, DEVICE_A));
    remote.push(new PushBatch(DEVICE_B, 1, List.of(live)));
    long cursor = pullAll(0).lastSequence();

    PushResult result = remote.push(new PushBatch(DEVICE_A, 1, List.of(deleted)));

    assertThat(result.accepted()).isEqualTo(1);
    ChangePage after = remote.pull(cursor, 100);
    assertThat(after.changes()).extracting(Change::row).containsExactly(deleted);
    assertThat(after.changes().get(0).sequence()).isGreaterThan(cursor);
    assertThat(state()).containsEntry(deleted.key(), deleted);
  }

  @Test
  void push_recreateAfterDelete_winsWithTheNextOddCausalLength() {
    ReplicatedRow deleted = tombstone("m01", "m02", 2, clock(100, DEVICE_A));
    ReplicatedRow recreated =
        present("m01", "m02", RelationshipType.SUPPORTS, 0.3, 3, clock(50, DEVICE_B));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(deleted)));

    PushResult result = remote.push(new PushBatch(DEVICE_B, 1, List.of(recreated)));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(state()).containsEntry(recreated.key(), recreated);
  }

  @Test
  void push_mixedBatch_countsOnlyRowsThatReplacedRemoteState() {
    ReplicatedRow current =
        present("m01", "m02", RelationshipType.CAUSES, 0.5, 1, clock(500, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(current)));
    List<ReplicatedRow> mixed =
        List.of(
            present("m01", "m02", RelationshipType.CAUSES, 0.1, 1, clock(400, DEVICE_B)),
            present("m03", "m04", RelationshipType.CAUSES, 0.2, 1, clock(401, DEVICE_B)),
            present("m05", "m06", RelationshipType.CAUSES, 0.3, 1, clock(402, DEVICE_B)));

    PushResult result = remote.push(new PushBatch(DEVICE_B, 1, mixed));

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(state()).containsEntry(current.key(), current);
  }

  @Test
  void push_newerVersionOfARow_getsASequenceAfterTheCursor() {
    ReplicatedRow v1 = present("m01", "m02", RelationshipType.CAUSES, 0.5, 1, clock(1, DEVICE_A));
    ReplicatedRow v2 = present("m01", "m02", RelationshipType.CAUSES, 0.6, 1, clock(2, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(v1)));
    long cursor = pullAll(0).lastSequence();

    remote.push(new PushBatch(DEVICE_A, 2, List.of(v2)));

    ChangePage after = remote.pull(cursor, 100);
    assertThat(after.changes()).extracting(Change::row).containsExactly(v2);
    assertThat(after.lastSequence()).isGreaterThan(cursor);
    assertThat(fold(pullAll(0).changes())).containsEntry(v2.key(), v2).hasSize(1);
  }

  @Test
  void pull_inSmallPages_neverSkipsOrRepeatsAChange_evenWhileWritesInterleave() {
    Map<RowKey, ReplicatedRow> expected = new TreeMap<>();
    int wall = 1;
    for (int batch = 1; batch <= 3; batch++) {
      DeviceId device = batch % 2 == 0 ? DEVICE_B : DEVICE_A;
      List<ReplicatedRow> rows = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String source = String.format("m%02d", (batch * 3 + i) % 13);
        String target = String.format("n%02d", i);
        ReplicatedRow row =
            present(source, target, RelationshipType.CAUSES, 0.5, 1, clock(wall++, device));
        rows.add(row);
        expected.merge(row.key(), row, ReplicatedRow::merge);
      }
      remote.push(new PushBatch(device, batch, rows));
    }

    List<Change> seen = new ArrayList<>();
    long cursor = 0;
    ChangePage page = remote.pull(cursor, 4);
    seen.addAll(page.changes());
    cursor = page.lastSequence();
    // Writes land between pages: an update of a row already pulled and a new row.
    ReplicatedRow update =
        present("m03", "n00", RelationshipType.FIXES, 0.9, 1, clock(wall++, DEVICE_B));
    ReplicatedRow added =
        present("z99", "n99", RelationshipType.CAUSES, 0.4, 1, clock(wall++, DEVICE_B));
    remote.push(new PushBatch(DEVICE_B, 10, List.of(update, added)));
    expected.merge(update.key(), update, ReplicatedRow::merge);
    expected.merge(added.key(), added, ReplicatedRow::merge);
    while (true) {
      page = remote.pull(cursor, 4);
      assertThat(page.changes()).hasSizeLessThanOrEqualTo(4);
      seen.addAll(page.changes());
      cursor = page.lastSequence();
      if (!page.hasMore()) {
        break;
      }
    }

    assertStrictlyIncreasing(seen);
    assertThat(fold(seen)).isEqualTo(expected);
    assertThat(remote.pull(cursor, 4).changes()).isEmpty();
  }

  // --- pull without one writer's rows -----------------------------------------------------------

  @Test
  void pullExcept_leavesOutTheWritersRows_andPagesToTheHead() {
    Map<RowKey, ReplicatedRow> fromB = new TreeMap<>();
    int wall = 1;
    for (int batch = 1; batch <= 4; batch++) {
      List<ReplicatedRow> rows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        DeviceId writer = (batch + i) % 3 == 0 ? DEVICE_B : DEVICE_A;
        ReplicatedRow row =
            directed(
                String.format("m%02d", batch * 5 + i),
                "x",
                RelationshipType.CAUSES,
                1,
                clock(wall++, writer));
        rows.add(row);
        if (writer.equals(DEVICE_B)) {
          fromB.put(row.key(), row);
        }
      }
      remote.push(new PushBatch(batch % 2 == 0 ? DEVICE_B : DEVICE_A, batch, rows));
    }
    long head = remote.headSequence();

    List<Change> seen = new ArrayList<>();
    long cursor = 0;
    int pages = 0;
    while (true) {
      ChangePage page = remote.pullExcept(cursor, 2, DEVICE_A);
      assertThat(page.changes()).hasSizeLessThanOrEqualTo(2);
      assertThat(page.lastSequence()).isGreaterThanOrEqualTo(cursor);
      seen.addAll(page.changes());
      cursor = page.lastSequence();
      pages++;
      assertThat(pages).as("pages").isLessThan(100);
      if (!page.hasMore()) {
        break;
      }
    }

    assertStrictlyIncreasing(seen);
    assertThat(fold(seen)).isEqualTo(fromB);
    assertThat(cursor).isEqualTo(head);
    assertThat(remote.pullExcept(cursor, 2, DEVICE_A).changes()).isEmpty();
  }

  @Test
  void pullExcept_givesTheCurrentStateOfARow_whoeverWroteItLast() {
    ReplicatedRow byA = present("m01", "m02", RelationshipType.CAUSES, 0.1, 1, clock(1, DEVICE_A));
    ReplicatedRow overwrittenByB =
        present("m01", "m02", RelationshipType.CAUSES, 0.2, 1, clock(2, DEVICE_B));
    ReplicatedRow byB = present("m03", "m04", RelationshipType.FIXES, 0.3, 1, clock(3, DEVICE_B));
    ReplicatedRow overwrittenByA =
        present("m03", "m04", RelationshipType.FIXES, 0.4, 1, clock(4, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(byA)));
    remote.push(new PushBatch(DEVICE_B, 1, List.of(overwrittenByB, byB)));
    remote.push(new PushBatch(DEVICE_A, 2, List.of(overwrittenByA)));

    List<Change> exceptA = pullAllExcept(0, DEVICE_A).changes();
    List<Change> exceptB = pullAllExcept(0, DEVICE_B).changes();

    assertThat(exceptA).extracting(Change::row).containsExactly(overwrittenByB);
    assertThat(exceptB).extracting(Change::row).containsExactly(overwrittenByA);
  }

  @Test
  void pullExcept_emptyRemote_returnsEmptyPageAtCursor() {
    ChangePage fromStart = remote.pullExcept(0, 10, DEVICE_A);
    ChangePage fromLater = remote.pullExcept(42, 10, DEVICE_A);

    assertThat(fromStart.changes()).isEmpty();
    assertThat(fromStart.hasMore()).isFalse();
    assertThat(fromStart.lastSequence()).isZero();
    assertThat(fromLater.changes()).isEmpty();
    assertThat(fromLater.hasMore()).isFalse();
    assertThat(fromLater.lastSequence()).isEqualTo(42);
  }

  @Test
  void headSequence_ofAnEmptyRemote_isZero() {
    assertThat(remote.headSequence()).isZero();
  }

  @Test
  void headSequence_isWhereTheFeedEnds_andStaysWhenNothingIsAccepted() {
    ReplicatedRow row = present("m01", "m02", RelationshipType.CAUSES, 0.5, 1, clock(5, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(row)));
    remote.push(
        new PushBatch(
            DEVICE_A,
            2,
            List.of(directed("m03", "m04", RelationshipType.FIXES, 1, clock(6, DEVICE_A)))));
    long head = remote.headSequence();

    remote.push(
        new PushBatch(
            DEVICE_B,
            1,
            List.of(present("m01", "m02", RelationshipType.CAUSES, 0.1, 1, clock(1, DEVICE_B)))));

    assertThat(head).isEqualTo(pullAll(0).lastSequence()).isPositive();
    assertThat(remote.headSequence()).isEqualTo(head);
    assertThat(remote.pull(head, 10).changes()).isEmpty();
  }

  // --- scan -------------------------------------------------------------------------------------

  @Test
  void scan_pagesByKeyInOrder_includingTombstones() {
    List<ReplicatedRow> rows = new ArrayList<>();
    rows.addAll(symmetric("m01", "m02", RelationshipType.RELATED, 1, clock(1, DEVICE_A)));
    rows.add(tombstone("m01", "m05", 2, clock(2, DEVICE_A)));
    rows.add(directed("m03", "m01", RelationshipType.CAUSES, 1, clock(3, DEVICE_A)));
    rows.add(tombstone("m04", "m02", 4, clock(4, DEVICE_A)));
    rows.add(directed("m04", "m03", RelationshipType.FOLLOWS, 1, clock(5, DEVICE_A)));
    rows.add(directed("m02", "m09", RelationshipType.SUPPORTS, 1, clock(6, DEVICE_A)));
    remote.push(new PushBatch(DEVICE_A, 1, rows));

    List<ReplicatedRow> scanned = new ArrayList<>();
    Optional<RowKey> after = Optional.empty();
    while (true) {
      List<ReplicatedRow> page = scan(after, 3);
      assertThat(page).hasSizeLessThanOrEqualTo(3);
      if (page.isEmpty()) {
        break;
      }
      scanned.addAll(page);
      after = Optional.of(page.get(page.size() - 1).key());
    }

    List<ReplicatedRow> byKey = new ArrayList<>(rows);
    byKey.sort((x, y) -> x.key().compareTo(y.key()));
    assertThat(scanned).containsExactlyElementsOf(byKey);
  }

  @Test
  void scan_fullPages_areFullUntilTheEnd() {
    List<ReplicatedRow> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rows.add(
          directed(
              String.format("m%02d", i), "x", RelationshipType.CAUSES, 1, clock(i + 1, DEVICE_A)));
    }
    remote.push(new PushBatch(DEVICE_A, 1, rows));

    List<ReplicatedRow> first = scan(Optional.empty(), 3);
    List<ReplicatedRow> second = scan(Optional.of(first.get(2).key()), 3);
    List<ReplicatedRow> third = scan(Optional.of(second.get(2).key()), 3);

    assertThat(first).hasSize(3);
    assertThat(second).hasSize(3);
    assertThat(third).containsExactly(rows.get(6));
    assertThat(scan(Optional.of(rows.get(6).key()), 3)).isEmpty();
  }

  // --- drift digests ---------------------------------------------------------------------------

  @Test
  void bucketDigests_agreeWithTheDigestsOfTheRowsHeld_tombstonesIncluded() {
    List<ReplicatedRow> rows = new ArrayList<>();
    rows.addAll(symmetric("am01", "zz", RelationshipType.RELATED, 1, clock(1, DEVICE_A)));
    rows.add(directed("bm01", "zz", RelationshipType.CAUSES, 1, clock(2, DEVICE_A)));
    rows.add(tombstone("cm01", "zz", 2, clock(3, DEVICE_B)));
    rows.add(directed("q7", "r8", RelationshipType.FIXES, 3, clock(4, DEVICE_B)));
    remote.push(new PushBatch(DEVICE_A, 1, rows));
    ReplicatedRow stale = directed("bm01", "zz", RelationshipType.SUPPORTS, 1, clock(1, DEVICE_B));
    remote.push(new PushBatch(DEVICE_B, 1, List.of(stale)));

    Map<Integer, RowDigest.BucketDigest> expected = new TreeMap<>();
    for (ReplicatedRow row : rows) {
      expected.merge(
          RowDigest.bucket(row.key()),
          new RowDigest.BucketDigest(1, RowDigest.checksum(row)),
          (x, y) -> new RowDigest.BucketDigest(x.rows() + y.rows(), x.checksum() + y.checksum()));
    }

    assertThat(new TreeMap<>(remote.bucketDigests())).isEqualTo(expected);
  }

  @Test
  void bucketRows_returnsTheRowsOfOneBucketInKeyOrder() {
    ReplicatedRow first = directed("am01", "zz", RelationshipType.CAUSES, 1, clock(1, DEVICE_A));
    ReplicatedRow second = tombstone("bm01", "zz", 2, clock(2, DEVICE_A));
    ReplicatedRow elsewhere = directed("q7", "r8", RelationshipType.FIXES, 1, clock(3, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(second, elsewhere, first)));
    int bucket = RowDigest.bucket(first.key());
    int empty =
        (bucket + 1) % RowDigest.BUCKETS == RowDigest.bucket(elsewhere.key())
            ? (bucket + 2) % RowDigest.BUCKETS
            : (bucket + 1) % RowDigest.BUCKETS;

    assertThat(RowDigest.bucket(second.key())).isEqualTo(bucket);
    assertThat(RowDigest.bucket(elsewhere.key())).isNotEqualTo(bucket);
    assertThat(remote.bucketRows(bucket)).containsExactly(first, second);
    assertThat(remote.bucketRows(empty)).isEmpty();
  }

  // --- content ----------------------------------------------------------------------------------

  @Test
  void symmetricRows_roundTripWithIdenticalVersions() {
    Association related =
        new Association(
            MemoryHash.of("m01"),
            MemoryHash.of("m02"),
            RelationshipType.RELATED,
            Similarity.of(0.75),
            ConnectionTypes.of("semantic"),
            Metadata.of(Map.of("note", "both ways")),
            1_700_000_000.5);
    PairKey pair = related.pair();
    List<ReplicatedRow> rows = PairState.empty(pair).store(related, clock(10, DEVICE_A));
    remote.push(new PushBatch(DEVICE_A, 1, rows));

    List<ReplicatedRow> pulled = pullAll(0).changes().stream().map(Change::row).toList();

    assertThat(pulled).hasSize(2);
    assertThat(pulled.get(0).version()).isEqualTo(pulled.get(1).version());
    PairState state = PairState.of(pair, pulled);
    assertThat(state.visibleRows()).containsExactlyInAnyOrder(related, related.mirrored());
  }

  @Test
  void content_roundTripsExactly() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("level", 2L);
    nested.put("tags", Arrays.asList("α", "β", null, true, 3.5));
    nested.put("deeper", Map.of("quote", "she said \"hi\"\\ and left\n", "empty", Map.of()));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("title", "Über naïve café — 日本語 🚀");
    metadata.put("exact", 9_007_199_254_740_993L);
    metadata.put("ratio", 0.1);
    metadata.put("tiny", 1.0E-7);
    metadata.put("negative", -42L);
    metadata.put("flag", false);
    metadata.put("nothing", null);
    metadata.put("nested", nested);
    Association association =
        new Association(
            MemoryHash.of("src-ü-1"),
            MemoryHash.of("tgt-🚀-2"),
            RelationshipType.SUPPORTS,
            Similarity.of(0.123456789012345),
            ConnectionTypes.of("temporal", "semantic", "causal", "temporal-2"),
            Metadata.of(metadata),
            1_700_000_123.456789);
    ReplicatedRow row = ReplicatedRow.present(association, new Version(1, clock(77, DEVICE_A)));
    ReplicatedRow minimal =
        ReplicatedRow.present(
            new Association(
                MemoryHash.of("a"),
                MemoryHash.of("b"),
                RelationshipType.FOLLOWS,
                Similarity.of(1.0),
                ConnectionTypes.none(),
                Metadata.empty(),
                0.0),
            new Version(3, clock(78, DEVICE_B)));
    remote.push(new PushBatch(DEVICE_A, 1, List.of(row, minimal)));

    assertThat(pullAll(0).changes())
        .extracting(Change::row)
        .containsExactlyInAnyOrder(row, minimal);
    assertThat(scan(Optional.empty(), 10)).containsExactly(minimal, row);
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Everything after {@code cursor}, page by page. */
  protected ChangePage pullAll(long cursor) {
    List<Change> all = new ArrayList<>();
    long last = cursor;
    while (true) {
      ChangePage page = remote.pull(last, 100);
      all.addAll(page.changes());
      last = page.lastSequence();
      if (!page.hasMore()) {
        return new ChangePage(all, last, false);
      }
    }
  }

  /** Everything after {@code cursor} not written by {@code writer}, page by page. */
  protected ChangePage pullAllExcept(long cursor, DeviceId writer) {
    List<Change> all = new ArrayList<>();
    long last = cursor;
    for (int pages = 1; ; pages++) {
      ChangePage page = remote.pullExcept(last, 100, writer);
      assertThat(page.lastSequence())
          .as("cursor after page %d", pages)
          .isGreaterThanOrEqualTo(last);
      assertThat(pages).as("pages").isLessThan(1_000);
      all.addAll(page.changes());
      last = page.lastSequence();
      if (!page.hasMore()) {
        return new ChangePage(all, last, false);
      }
    }
  }

  /** The remote's state as seen by folding every pulled change. */
  protected Map<RowKey, ReplicatedRow> state() {
    return fold(pullAll(0).changes());
  }

  protected static Map<RowKey, ReplicatedRow> fold(List<Change> changes) {
    Map<RowKey, ReplicatedRow> out = new TreeMap<>();
    for (Change change : changes) {
      out.merge(change.row().key(), change.row(), ReplicatedRow::merge);
    }
    return out;
  }

  private static void assertStrictlyIncreasing(List<Change> changes) {
    Set<Long> seen = new HashSet<>();
    long previous = 0;
    for (Change change : changes) {
      assertThat(change.sequence())
          .as("sequence of %s", change.row().key())
          .isGreaterThan(previous);
      assertThat(seen.add(change.sequence())).isTrue();
      previous = change.sequence();
    }
  }

  private static Change last(List<Change> changes) {
    return changes.get(changes.size() - 1);
  }

  private static Set<RowKey> keys(List<ReplicatedRow> rows) {
    Set<RowKey> keys = new HashSet<>();
    rows.forEach(r -> keys.add(r.key()));
    return keys;
  }

  protected static Hlc clock(long tick, DeviceId device) {
    return new Hlc(T0 + tick, 0, device);
  }

  protected static ReplicatedRow present(
      String source,
      String target,
      RelationshipType type,
      double similarity,
      long causalLength,
      Hlc clock) {
    Association association =
        new Association(
            MemoryHash.of(source),
            MemoryHash.of(target),
            type,
            Similarity.of(similarity),
            ConnectionTypes.of("semantic"),
            Metadata.of(Map.of("by", clock.device().value())),
            1_700_000_000.25);
    return ReplicatedRow.present(association, new Version(causalLength, clock));
  }

  protected static ReplicatedRow directed(
      String source, String target, RelationshipType type, long causalLength, Hlc clock) {
    return present(source, target, type, 0.5, causalLength, clock);
  }

  /** Both rows of a symmetric relationship, written with one version. */
  protected static List<ReplicatedRow> symmetric(
      String source, String target, RelationshipType type, long causalLength, Hlc clock) {
    ReplicatedRow forward = present(source, target, type, 0.8, causalLength, clock);
    Association mirrored = forward.value().orElseThrow().mirrored();
    return List.of(forward, ReplicatedRow.present(mirrored, forward.version()));
  }

  protected static ReplicatedRow tombstone(
      String source, String target, long causalLength, Hlc clock) {
    return ReplicatedRow.tombstone(RowKey.of(source, target), new Version(causalLength, clock));
  }
}
