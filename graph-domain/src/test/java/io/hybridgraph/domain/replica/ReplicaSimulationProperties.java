package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.testing.Coverage;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Replicas that write concurrently with skewed, stalling and backward-running wall clocks, and
 * exchange random, partial, repeated and reordered sets of rows, keep the pair invariant at every
 * step and converge once everything has been delivered everywhere; a delete is undone only by a
 * store made after seeing it (or a later generation), and a store that has seen every delete wins.
 *
 * <p>Causality is tracked per pair: an event knows the events of its pair whose rows (or rows of
 * events that knew them) reached its replica before it was made.
 */
class ReplicaSimulationProperties {

  private static final List<MemoryHash> MEMORIES =
      List.of(MemoryHash.of("m0"), MemoryHash.of("m1"), MemoryHash.of("m2"), MemoryHash.of("m3"));

  private static final List<Metadata> METADATA =
      List.of(
          Metadata.empty(),
          Metadata.of(Map.of("note", "x")),
          Metadata.of(Map.of("note", "y", "rank", 2)));

  private static final long EPOCH = 1_700_000_000_000L;

  sealed interface Op permits Store, Delete, Deliver, Tick {}

  /** Replica {@code replica % n} stores an association between two of the four memories. */
  record Store(
      int replica, int memory, int offset, RelationshipType type, double similarity, int metadata)
      implements Op {}

  record Delete(int replica, int memory, int offset) implements Op {}

  /** Delivers the written rows picked by index (modulo their number), in this order. */
  record Deliver(int replica, List<Integer> picks) implements Op {}

  /** Moves one replica's wall clock, possibly backwards. */
  record Tick(int replica, long deltaMillis) implements Op {}

  /** The replica that writes, and the pair it writes, as a store or delete draws them. */
  private record Target(int replica, int memory, int offset) {}

  record Scenario(int replicaCount, List<Long> skews, List<Op> ops, long finalDeliverySeed) {}

  @Test
  void replicas_keepThePairInvariant_andConverge_andHonourDeletes() {
    Coverage heldDeletes = new Coverage("a delete held against a concurrent store");
    Coverage recreations = new Coverage("a store after seeing every delete re-created a pair");

    tries(1000)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              Simulation simulation = run(scenario);
              heldDeletes.record(simulation.deleteHeldAgainstConcurrentStore);
              recreations.record(simulation.recreatedAfterDelete);
            });

    heldDeletes.requireAtLeast(5.0, true);
    recreations.requireAtLeast(5.0, true);
  }

  /** Plays the scenario, checking the invariant at every step and convergence at the end. */
  private static Simulation run(Scenario scenario) {
    Simulation simulation = new Simulation(scenario.replicaCount(), scenario.skews());

    for (Op op : scenario.ops()) {
      simulation.apply(op);
      simulation.replicas.forEach(replica -> PairInvariant.assertHolds(replica.graph));
    }
    simulation.deliverEverythingEverywhere(new Random(scenario.finalDeliverySeed()));

    List<ReplicatedRow> expectedRows = simulation.foldOfAllWrittenRows();
    List<Association> visible = simulation.replicas.get(0).graph.visibleRows();
    for (Replica replica : simulation.replicas) {
      PairInvariant.assertHolds(replica.graph);
      assertThat(replica.graph.rows()).as(replica.name + " rows").isEqualTo(expectedRows);
      assertThat(replica.graph.visibleRows()).as(replica.name + " visible").isEqualTo(visible);
    }
    simulation.checkDeletesAndRecreations();
    return simulation;
  }

  private static Gen<Scenario> scenarios() {
    Gen<Integer> replica = integers().between(0, 4);
    Gen<Integer> memory = integers().between(0, MEMORIES.size() - 1);
    Gen<Integer> offset = integers().between(1, MEMORIES.size() - 1);
    Gen<Target> target = replica.zip(memory, offset, Target::new);
    Gen<Op> store =
        target.zip(
            arbitrary().enumValues(RelationshipType.class),
            arbitrary().pick(0.0, 0.5, 1.0),
            integers().between(0, METADATA.size() - 1),
            (t, type, similarity, metadata) ->
                new Store(t.replica(), t.memory(), t.offset(), type, similarity, metadata));
    Gen<Op> delete = target.map(t -> new Delete(t.replica(), t.memory(), t.offset()));
    Gen<Op> deliver =
        replica.zip(lists().of(integers().between(0, 1_000)).ofSizeBetween(1, 8), Deliver::new);
    Gen<Op> tick =
        replica.zip(
            Generate.frequency(
                Pair.of(3, longs().between(-2, 2)), Pair.of(1, longs().between(-50, 50))),
            Tick::new);
    Gen<Op> op =
        Generate.frequency(
            Pair.of(4, store), Pair.of(2, delete), Pair.of(3, deliver), Pair.of(2, tick));
    return integers()
        .between(2, 5)
        .zip(
            lists().of(longs().between(-20, 20)).ofSize(5),
            lists().of(op).ofSizeBetween(1, 40),
            longs().all(),
            Scenario::new);
  }

  private static final class Replica {
    final String name;
    final ReplicatedGraph graph = new ReplicatedGraph();
    final SettableClock wall;
    final HybridClock clock;
    final BitSet knows = new BitSet();

    Replica(int index, long skew) {
      name = "replica-" + index;
      wall = new SettableClock(EPOCH + skew);
      clock = new HybridClock(wall, new DeviceId("dev-" + index));
    }
  }

  /** A store or delete that wrote rows, with the events of its pair its replica knew. */
  private record Event(int id, boolean isDelete, PairKey pair, BitSet past) {}

  private record Written(ReplicatedRow row, int event) {}

  private static final class Simulation {
    final List<Replica> replicas = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Written> written = new ArrayList<>();
    boolean deleteHeldAgainstConcurrentStore;
    boolean recreatedAfterDelete;

    Simulation(int replicaCount, List<Long> skews) {
      for (int i = 0; i < replicaCount; i++) {
        replicas.add(new Replica(i, skews.get(i)));
      }
    }

    void apply(Op op) {
      if (op instanceof Store s) {
        Replica replica = replica(s.replica());
        Association association =
            new Association(
                MEMORIES.get(s.memory()),
                MEMORIES.get((s.memory() + s.offset()) % MEMORIES.size()),
                s.type(),
                Similarity.of(s.similarity()),
                ConnectionTypes.of("semantic"),
                METADATA.get(s.metadata()),
                1_700_000_000.0);
        List<ReplicatedRow> rows = replica.graph.store(association, replica.clock);
        assertThat(replica.graph.get(association.key())).contains(association);
        record(replica, false, association.pair(), rows);
      } else if (op instanceof Delete d) {
        Replica replica = replica(d.replica());
        MemoryHash a = MEMORIES.get(d.memory());
        MemoryHash b = MEMORIES.get((d.memory() + d.offset()) % MEMORIES.size());
        List<ReplicatedRow> rows = replica.graph.delete(a, b, replica.clock);
        assertThat(replica.graph.state(PairKey.of(a, b)).visibleRows()).isEmpty();
        record(replica, true, PairKey.of(a, b), rows);
      } else if (op instanceof Deliver d) {
        if (!written.isEmpty()) {
          List<Written> rows = new ArrayList<>();
          for (int pick : d.picks()) {
            rows.add(written.get(pick % written.size()));
          }
          deliver(replica(d.replica()), rows);
        }
      } else if (op instanceof Tick t) {
        replica(t.replica()).wall.advance(t.deltaMillis());
      }
    }

    Replica replica(int index) {
      return replicas.get(index % replicas.size());
    }

    void record(Replica by, boolean isDelete, PairKey pair, List<ReplicatedRow> rows) {
      if (rows.isEmpty()) {
        return;
      }
      int id = events.size();
      BitSet past = (BitSet) by.knows.clone();
      past.and(eventsOf(pair));
      events.add(new Event(id, isDelete, pair, past));
      by.knows.set(id);
      for (ReplicatedRow row : rows) {
        written.add(new Written(row, id));
      }
    }

    /** Merges rows as a sync would, and lets the clock observe them. */
    void deliver(Replica to, List<Written> rows) {
      to.graph.merge(rows.stream().map(Written::row).toList());
      for (Written w : rows) {
        to.clock.observe(w.row().version().clock());
        to.knows.or(events.get(w.event()).past());
        to.knows.set(w.event());
      }
    }

    void deliverEverythingEverywhere(Random random) {
      for (Replica replica : replicas) {
        List<Written> all = new ArrayList<>(written);
        for (Written w : written) {
          if (random.nextInt(3) == 0) {
            all.add(w);
          }
        }
        Collections.shuffle(all, random);
        for (int from = 0; from < all.size(); ) {
          int to = Math.min(all.size(), from + 1 + random.nextInt(4));
          deliver(replica, all.subList(from, to));
          from = to;
        }
      }
    }

    /** The reference result: every written row folded into its key with the merge function. */
    List<ReplicatedRow> foldOfAllWrittenRows() {
      TreeMap<RowKey, ReplicatedRow> winners = new TreeMap<>();
      for (Written w : written) {
        winners.merge(w.row().key(), w.row(), ReplicatedRow::merge);
      }
      return new ArrayList<>(winners.values());
    }

    BitSet eventsOf(PairKey pair) {
      BitSet ofPair = new BitSet();
      for (Event event : events) {
        if (event.pair().equals(pair)) {
          ofPair.set(event.id());
        }
      }
      return ofPair;
    }

    /**
     * After full delivery: (1) a delete D shows nothing when every store of its pair knew only
     * deletes that D knew too (so none saw D or a delete D had not seen); (2) the pair shows
     * something when some store of it knew every delete of it.
     */
    void checkDeletesAndRecreations() {
      ReplicatedGraph graph = replicas.get(0).graph;
      TreeSet<PairKey> pairs = new TreeSet<>();
      events.forEach(event -> pairs.add(event.pair()));
      for (PairKey pair : pairs) {
        BitSet deletes = new BitSet();
        List<Event> stores = new ArrayList<>();
        for (Event event : events) {
          if (event.pair().equals(pair)) {
            if (event.isDelete()) {
              deletes.set(event.id());
            } else {
              stores.add(event);
            }
          }
        }
        List<Association> shown = graph.state(pair).visibleRows();
        for (int d = deletes.nextSetBit(0); d >= 0; d = deletes.nextSetBit(d + 1)) {
          Event delete = events.get(d);
          BitSet knownToDelete = intersection(delete.past(), deletes);
          boolean noStoreKnewMore =
              stores.stream()
                  .allMatch(s -> isSubset(intersection(s.past(), deletes), knownToDelete));
          if (noStoreKnewMore) {
            assertThat(shown)
                .as(
                    "delete event %d of %s: no store knew a delete it did not know, yet the pair"
                        + " shows rows after full delivery",
                    d, pair)
                .isEmpty();
            if (stores.stream().anyMatch(s -> !delete.past().get(s.id()))) {
              deleteHeldAgainstConcurrentStore = true;
            }
          }
        }
        boolean someStoreKnewEveryDelete =
            stores.stream().anyMatch(s -> isSubset(deletes, s.past()));
        if (someStoreKnewEveryDelete) {
          assertThat(shown)
              .as("a store of %s knew every delete of it, yet the pair shows nothing", pair)
              .isNotEmpty();
          if (!deletes.isEmpty()) {
            recreatedAfterDelete = true;
          }
        }
      }
    }

    private static BitSet intersection(BitSet a, BitSet b) {
      BitSet result = (BitSet) a.clone();
      result.and(b);
      return result;
    }

    private static boolean isSubset(BitSet subset, BitSet of) {
      BitSet rest = (BitSet) subset.clone();
      rest.andNot(of);
      return rest.isEmpty();
    }
  }
}
