package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Arbitrary replicated rows drawn from deliberately tiny universes (four memories, three devices, a
 * handful of clock values and contents) so that keys collide, versions tie and equal versions carry
 * different content. Rows are arbitrary: not only those legal operations produce.
 */
public final class RowArbitraries {

  static final List<MemoryHash> MEMORIES =
      List.of(MemoryHash.of("m0"), MemoryHash.of("m1"), MemoryHash.of("m2"), MemoryHash.of("m3"));

  private RowArbitraries() {}

  public static Arbitrary<PairKey> pairs() {
    return Arbitraries.of(MEMORIES)
        .list()
        .ofSize(2)
        .uniqueElements()
        .map(two -> PairKey.of(two.get(0), two.get(1)));
  }

  public static Arbitrary<RowKey> keys() {
    return pairs().flatMap(pair -> Arbitraries.of(pair.forward(), pair.backward()));
  }

  public static Arbitrary<Hlc> clocks() {
    return Combinators.combine(
            Arbitraries.longs().between(1_000, 1_002),
            Arbitraries.integers().between(0, 1),
            Arbitraries.of("dev-a", "dev-b", "dev-c").map(DeviceId::new))
        .as(Hlc::new);
  }

  public static Arbitrary<Version> versions() {
    return Combinators.combine(Arbitraries.longs().between(1, 4), clocks()).as(Version::new);
  }

  public static Arbitrary<Association> associations(RowKey key) {
    Arbitrary<Metadata> metadata =
        Arbitraries.of(
            Metadata.empty(),
            Metadata.of(Map.of("note", "a")),
            Metadata.of(Map.of("note", "b", "n", 1)));
    return Combinators.combine(
            Arbitraries.of(RelationshipType.class),
            Arbitraries.of(0.0, 0.5, 1.0).map(Similarity::of),
            Arbitraries.of(ConnectionTypes.none(), ConnectionTypes.of("semantic")),
            metadata,
            Arbitraries.of(0.0, 1_700_000_000.0))
        .as(
            (type, similarity, connectionTypes, meta, createdAt) ->
                new Association(
                    key.source(),
                    key.target(),
                    type,
                    similarity,
                    connectionTypes,
                    meta,
                    createdAt));
  }

  /** A row of {@code key}: a tombstone or, in a live generation, mostly an association. */
  public static Arbitrary<ReplicatedRow> rows(RowKey key) {
    return versions().flatMap(version -> row(key, version));
  }

  /**
   * A row of {@code key} with the given version: a tombstone or, when live, mostly an association.
   */
  public static Arbitrary<ReplicatedRow> row(RowKey key, Version version) {
    if (!version.isLiveGeneration()) {
      return Arbitraries.just(ReplicatedRow.tombstone(key, version));
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, associations(key).map(a -> ReplicatedRow.present(a, version))),
        Tuple.of(1, Arbitraries.just(ReplicatedRow.tombstone(key, version))));
  }

  /**
   * {@code count} rows of {@code key} whose versions come from a pool of at most two, so that equal
   * versions with different content are common.
   */
  public static Arbitrary<List<ReplicatedRow>> rowsSharingVersions(RowKey key, int count) {
    return versions()
        .list()
        .ofMinSize(1)
        .ofMaxSize(2)
        .flatMap(pool -> Arbitraries.of(pool).flatMap(v -> row(key, v)).list().ofSize(count));
  }

  /**
   * Rows of {@code pair} from at most {@code maxGroups} groups, whose versions come from a pool of
   * at most three so that rows often carry equal versions. A group is a single arbitrary row, or
   * what one write produces: both mirror rows of a symmetric association, or a directed row with a
   * tombstone in the mirror direction.
   */
  public static Arbitrary<List<ReplicatedRow>> rowsSharingVersions(PairKey pair, int maxGroups) {
    return versions()
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .flatMap(
            pool ->
                Combinators.combine(
                        Arbitraries.of(pair.forward(), pair.backward()), Arbitraries.of(pool))
                    .flatAs((key, version) -> group(key, version))
                    .list()
                    .ofMaxSize(maxGroups)
                    .map(groups -> groups.stream().flatMap(List::stream).toList()));
  }

  private static Arbitrary<List<ReplicatedRow>> group(RowKey key, Version version) {
    Arbitrary<List<ReplicatedRow>> single = row(key, version).map(List::of);
    if (!version.isLiveGeneration()) {
      return single;
    }
    Arbitrary<List<ReplicatedRow>> write =
        associations(key)
            .map(
                a ->
                    List.of(
                        ReplicatedRow.present(a, version),
                        a.isSymmetric()
                            ? ReplicatedRow.present(a.mirrored(), version)
                            : ReplicatedRow.tombstone(key.mirror(), version)));
    return Arbitraries.frequencyOf(Tuple.of(2, single), Tuple.of(1, write));
  }
}
