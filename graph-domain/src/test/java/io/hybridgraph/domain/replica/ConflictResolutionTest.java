package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.CONTRADICTS;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.RelationshipType.SUPPORTS;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which write wins, in the conflict scenarios of the plan's phase 5 and the lessons learned: each
 * scenario exchanges the rows both ways between the writers and also replays them in both orders on
 * two bystanders, and asserts the exact content every one of them shows.
 */
class ConflictResolutionTest {

  private static final PairKey XY = PairKey.of(hash("x"), hash("y"));

  @Test
  void sameRelationship_concurrentMetadataChange_laterClockWins() {
    Device a = new Device("device-a", 3_000);
    Device b = new Device("device-b", 2_000);
    exchange(a.store(association("x", "y", CAUSES, "base")), a, b);

    // b has the greater device id, so only the clock can make a win.
    a.wall.set(30_000);
    b.wall.set(20_000);
    List<ReplicatedRow> fromA = a.store(association("x", "y", CAUSES, "from a"));
    List<ReplicatedRow> fromB = b.store(association("x", "y", CAUSES, "from b"));

    assertEverywhere(fromA, fromB, a, b, List.of(association("x", "y", CAUSES, "from a")));
  }

  @Test
  void sameRelationship_equalWallTimeAndCounter_greaterDeviceIdWins() {
    Device a = new Device("device-a", 5_000);
    Device b = new Device("device-b", 5_000);

    List<ReplicatedRow> fromA = a.store(association("x", "y", RELATED, "from a"));
    List<ReplicatedRow> fromB = b.store(association("x", "y", RELATED, "from b"));

    assertThat(fromA.get(0).version().clock().wallMillis())
        .isEqualTo(fromB.get(0).version().clock().wallMillis());
    assertThat(fromA.get(0).version().clock().counter())
        .isEqualTo(fromB.get(0).version().clock().counter());
    Association winner = association("x", "y", RELATED, "from b");
    assertEverywhere(fromA, fromB, a, b, List.of(winner, winner.mirrored()));
  }

  @Test
  void sameRelationship_writtenAfterReceiving_winsEvenWithWallClockBehind() {
    // The later writer has the SMALLER device id and a wall clock far behind: only causality
    // (the clock observing what it received) can make it win.
    Device a = new Device("device-b", 100_000);
    Device b = new Device("device-a", 1_000);
    List<ReplicatedRow> fromA = a.store(association("x", "y", CAUSES, "first, on a"));
    b.receive(fromA);

    List<ReplicatedRow> fromB = b.store(association("x", "y", CAUSES, "after it, on b"));

    assertThat(b.wall.millis()).isLessThan(a.wall.millis());
    assertEverywhere(fromA, fromB, a, b, List.of(association("x", "y", CAUSES, "after it, on b")));
  }

  @Test
  void symmetricPair_storedFromBothEndsConcurrently_oneRelationshipWithLaterClockContent() {
    Device a = new Device("device-b", 2_000);
    Device b = new Device("device-a", 3_000);

    List<ReplicatedRow> fromA = a.store(association("x", "y", RELATED, "stored at x"));
    List<ReplicatedRow> fromB = b.store(association("y", "x", RELATED, "stored at y"));

    Association winner = association("y", "x", RELATED, "stored at y");
    assertEverywhere(fromA, fromB, a, b, List.of(winner.mirrored(), winner));
    for (Device device : List.of(a, b)) {
      assertThat(device.graph.get(RowKey.of("x", "y"))).contains(winner.mirrored());
      assertThat(device.graph.get(RowKey.of("y", "x"))).contains(winner);
    }
  }

  @Test
  void deleteOnOneDevice_concurrentModificationWithLaterClock_deletionWins() {
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 1_000);
    exchange(a.store(association("x", "y", RELATED, "base")), a, b);

    a.wall.set(2_000);
    b.wall.set(90_000);
    List<ReplicatedRow> deleteOnA = a.delete("x", "y");
    List<ReplicatedRow> modifyOnB = b.store(association("x", "y", RELATED, "modified on b"));

    assertThat(modifyOnB.get(0).version().clock())
        .isGreaterThan(deleteOnA.get(0).version().clock());
    assertEverywhere(deleteOnA, modifyOnB, a, b, List.of());
  }

  @Test
  void deleteThenRecreate_afterSeeingTheDelete_recreationWins_unseenModificationStillLoses() {
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 1_000);
    Device c = new Device("device-c", 1_000);
    List<ReplicatedRow> base = a.store(association("x", "y", CAUSES, "base"));
    exchange(base, a, b, c);

    a.wall.set(50_000);
    List<ReplicatedRow> deleteOnA = a.delete("x", "y");
    b.receive(deleteOnA);
    b.wall.set(2_000); // b's wall clock is far behind a's
    List<ReplicatedRow> recreateOnB = b.store(association("x", "y", CAUSES, "re-created on b"));
    c.wall.set(900_000); // c never saw the delete, and its clock is the latest of all
    List<ReplicatedRow> modifyOnC = c.store(association("x", "y", CAUSES, "modified on c"));

    assertThat(modifyOnC.get(0).version().clock())
        .isGreaterThan(recreateOnB.get(0).version().clock());
    List<ReplicatedRow> all = concat(deleteOnA, recreateOnB, modifyOnC);
    List<Association> expected = List.of(association("x", "y", CAUSES, "re-created on b"));
    for (Device device : List.of(a, b, c)) {
      device.receive(all);
      assertThat(device.graph.visibleRows()).as(device.name).isEqualTo(expected);
    }
    assertReplayedInEveryOrderShows(all, expected);
  }

  @Test
  void recreation_winsOverDeletion_byCausalLength_evenWithAnOlderClock() {
    // A device restored from a backup lost its clock state: it merges the delete without
    // observing its clock, so its re-creation carries an OLDER clock than the delete.
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 1_000);
    exchange(a.store(association("x", "y", RELATED, "base")), a, b);
    a.wall.set(50_000);
    List<ReplicatedRow> deleteOnA = a.delete("x", "y");
    b.graph.merge(deleteOnA);

    List<ReplicatedRow> recreateOnB = b.store(association("x", "y", RELATED, "again"));

    assertThat(recreateOnB.get(0).version().clock()).isLessThan(deleteOnA.get(0).version().clock());
    Association again = association("x", "y", RELATED, "again");
    assertEverywhere(deleteOnA, recreateOnB, a, b, List.of(again, again.mirrored()));
  }

  @Test
  void directedOverSymmetric_leavesExactlyTheDirectedRow_locallyAndOnAReplicaThatHadTheSymmetric() {
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 1_000);
    exchange(a.store(association("x", "y", RELATED, "symmetric")), a, b);

    a.wall.set(2_000);
    List<ReplicatedRow> directed = a.store(association("x", "y", CAUSES, "directed"));

    List<Association> expected = List.of(association("x", "y", CAUSES, "directed"));
    assertThat(a.graph.visibleRows()).isEqualTo(expected);
    assertThat(a.graph.get(RowKey.of("y", "x"))).isEmpty();
    assertThat(a.graph.state(XY).row(RowKey.of("y", "x")))
        .hasValueSatisfying(row -> assertThat(row.isTombstone()).isTrue());
    b.receive(reversed(directed)); // the mirror's tombstone first, then the directed row
    assertThat(b.graph.visibleRows()).isEqualTo(expected);
    assertThat(b.graph.rows()).isEqualTo(a.graph.rows());
  }

  @Test
  void symmetricOverDirectedInBothDirections_leavesExactlyTheSymmetricPair() {
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 1_000);
    List<ReplicatedRow> causes = a.store(association("x", "y", CAUSES, "x causes y"));
    List<ReplicatedRow> supports = a.store(association("y", "x", SUPPORTS, "y supports x"));
    exchange(concat(causes, supports), a, b);
    assertThat(b.graph.visibleRows()).hasSize(2);

    a.wall.set(2_000);
    List<ReplicatedRow> symmetric = a.store(association("y", "x", CONTRADICTS, "symmetric"));

    Association expected = association("y", "x", CONTRADICTS, "symmetric");
    assertThat(a.graph.visibleRows()).containsExactly(expected.mirrored(), expected);
    b.receive(symmetric);
    assertThat(b.graph.visibleRows()).containsExactly(expected.mirrored(), expected);
  }

  @Test
  void concurrentDirectedStores_inOppositeDirections_bothSurvive() {
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 2_000);

    List<ReplicatedRow> fromA = a.store(association("x", "y", CAUSES, "x causes y"));
    List<ReplicatedRow> fromB = b.store(association("y", "x", SUPPORTS, "y supports x"));

    assertEverywhere(
        fromA,
        fromB,
        a,
        b,
        List.of(
            association("x", "y", CAUSES, "x causes y"),
            association("y", "x", SUPPORTS, "y supports x")));
  }

  @Test
  void concurrentSymmetricAndDirected_symmetricLater_showsTheSymmetricPair() {
    Device a = new Device("device-a", 5_000);
    Device b = new Device("device-b", 4_000);

    List<ReplicatedRow> symmetric = a.store(association("x", "y", RELATED, "symmetric"));
    List<ReplicatedRow> directed = b.store(association("y", "x", CAUSES, "directed"));

    Association expected = association("x", "y", RELATED, "symmetric");
    assertEverywhere(symmetric, directed, a, b, List.of(expected, expected.mirrored()));
  }

  @Test
  void concurrentSymmetricAndDirected_directedLater_showsOnlyTheDirectedRow() {
    Device a = new Device("device-a", 4_000);
    Device b = new Device("device-b", 5_000);

    List<ReplicatedRow> symmetric = a.store(association("x", "y", RELATED, "symmetric"));
    List<ReplicatedRow> directed = b.store(association("y", "x", CAUSES, "directed"));

    assertEverywhere(symmetric, directed, a, b, List.of(association("y", "x", CAUSES, "directed")));
  }

  @Test
  void concurrentSymmetricAndDirected_afterBothSawTheSymmetric_laterClockDecides() {
    Device a = new Device("device-a", 1_000);
    Device b = new Device("device-b", 1_000);
    exchange(a.store(association("x", "y", RELATED, "base")), a, b);

    a.wall.set(4_000);
    b.wall.set(5_000);
    List<ReplicatedRow> symmetric = a.store(association("x", "y", RELATED, "new symmetric"));
    List<ReplicatedRow> directed = b.store(association("x", "y", CAUSES, "directed"));

    assertEverywhere(symmetric, directed, a, b, List.of(association("x", "y", CAUSES, "directed")));
  }

  // --- harness --------------------------------------------------------------------------------

  /** One replica with its own wall clock, as a device holds it. */
  private static final class Device {
    final String name;
    final SettableClock wall;
    final HybridClock clock;
    final ReplicatedGraph graph = new ReplicatedGraph();

    Device(String id, long wallMillis) {
      name = id;
      wall = new SettableClock(wallMillis);
      clock = new HybridClock(wall, new DeviceId(id));
    }

    List<ReplicatedRow> store(Association association) {
      return graph.store(association, clock);
    }

    List<ReplicatedRow> delete(String a, String b) {
      List<ReplicatedRow> rows = graph.delete(hash(a), hash(b), clock);
      assertThat(rows).as("delete on " + name + " wrote tombstones").hasSize(2);
      return rows;
    }

    /** What a sync does with rows from elsewhere: merge them and observe their clocks. */
    void receive(List<ReplicatedRow> rows) {
      graph.merge(rows);
      rows.forEach(row -> clock.observe(row.version().clock()));
    }
  }

  private static void exchange(List<ReplicatedRow> rows, Device... devices) {
    for (Device device : devices) {
      device.receive(rows);
    }
  }

  /**
   * Sends each writer the other's rows, replays both sets on fresh replicas in both orders, and
   * asserts that all four show exactly {@code expected} (in key order) and hold identical rows.
   */
  private static void assertEverywhere(
      List<ReplicatedRow> fromA,
      List<ReplicatedRow> fromB,
      Device a,
      Device b,
      List<Association> expected) {
    a.receive(fromB);
    b.receive(fromA);
    assertThat(a.graph.visibleRows()).as(a.name).isEqualTo(expected);
    assertThat(b.graph.visibleRows()).as(b.name).isEqualTo(expected);
    assertThat(a.graph.rows()).isEqualTo(b.graph.rows());
    PairInvariant.assertHolds(a.graph);
    assertReplayedInEveryOrderShows(concat(fromA, fromB), expected);
    assertReplayedInEveryOrderShows(concat(fromB, fromA), expected);
  }

  /** Replays rows on fresh replicas forwards, backwards and row by row reversed. */
  private static void assertReplayedInEveryOrderShows(
      List<ReplicatedRow> rows, List<Association> expected) {
    ReplicatedGraph forwards = new ReplicatedGraph();
    forwards.merge(rows);
    ReplicatedGraph backwards = new ReplicatedGraph();
    reversed(rows).forEach(row -> backwards.merge(List.of(row)));
    ReplicatedGraph sorted = new ReplicatedGraph();
    List<ReplicatedRow> byVersion = new ArrayList<>(rows);
    byVersion.sort(Comparator.comparing(ReplicatedRow::version).reversed());
    sorted.merge(byVersion);
    for (ReplicatedGraph replay : List.of(forwards, backwards, sorted)) {
      assertThat(replay.visibleRows()).isEqualTo(expected);
      assertThat(replay.rows()).isEqualTo(forwards.rows());
      PairInvariant.assertHolds(replay);
    }
  }

  @SafeVarargs
  private static List<ReplicatedRow> concat(List<ReplicatedRow>... parts) {
    List<ReplicatedRow> all = new ArrayList<>();
    for (List<ReplicatedRow> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  private static List<ReplicatedRow> reversed(List<ReplicatedRow> rows) {
    List<ReplicatedRow> copy = new ArrayList<>(rows);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
