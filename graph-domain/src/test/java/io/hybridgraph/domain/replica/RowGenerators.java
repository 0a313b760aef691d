package io.hybridgraph.domain.replica;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
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
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.List;
import java.util.Map;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of replicated rows drawn from deliberately tiny universes (four memories, three
 * devices, a handful of clock values and contents) so that keys collide, versions tie and equal
 * versions carry different content. Rows are arbitrary: not only those legal operations produce.
 */
final class RowGenerators {

  static final List<MemoryHash> MEMORIES =
      List.of(MemoryHash.of("m0"), MemoryHash.of("m1"), MemoryHash.of("m2"), MemoryHash.of("m3"));

  private RowGenerators() {}

  /** A pair of two different memories, every such pair equally likely. */
  static Gen<PairKey> pairs() {
    return integers()
        .between(0, MEMORIES.size() - 1)
        .zip(
            integers().between(1, MEMORIES.size() - 1),
            (first, offset) ->
                PairKey.of(MEMORIES.get(first), MEMORIES.get((first + offset) % MEMORIES.size())));
  }

  static Gen<RowKey> keys() {
    return pairs()
        .zip(booleans().all(), (pair, forward) -> forward ? pair.forward() : pair.backward());
  }

  static Gen<Hlc> clocks() {
    return longs()
        .between(1_000, 1_002)
        .zip(
            integers().between(0, 1),
            arbitrary().pick("dev-a", "dev-b", "dev-c").map(DeviceId::new),
            Hlc::new);
  }

  static Gen<Version> versions() {
    return longs().between(1, 4).zip(clocks(), Version::new);
  }

  static Gen<Association> associations(RowKey key) {
    Gen<Metadata> metadata =
        arbitrary()
            .pick(
                Metadata.empty(),
                Metadata.of(Map.of("note", "a")),
                Metadata.of(Map.of("note", "b", "n", 1)));
    return arbitrary()
        .enumValues(RelationshipType.class)
        .zip(
            arbitrary().pick(0.0, 0.5, 1.0).map(Similarity::of),
            arbitrary().pick(ConnectionTypes.none(), ConnectionTypes.of("semantic")),
            metadata,
            arbitrary().pick(0.0, 1_700_000_000.0),
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

  /**
   * A row of {@code key} with the given version: a tombstone or, when live, mostly an association.
   */
  static Gen<ReplicatedRow> row(RowKey key, Version version) {
    Gen<ReplicatedRow> tombstone = arbitrary().constant(ReplicatedRow.tombstone(key, version));
    if (!version.isLiveGeneration()) {
      return tombstone;
    }
    return Generate.frequency(
        Pair.of(3, associations(key).map(a -> ReplicatedRow.present(a, version))),
        Pair.of(1, tombstone));
  }

  /**
   * {@code count} rows of {@code key} whose versions come from a pool of at most two, so that equal
   * versions with different content are common.
   */
  static Gen<List<ReplicatedRow>> rowsSharingVersions(RowKey key, int count) {
    return lists()
        .of(versions())
        .ofSizeBetween(1, 2)
        .flatMap(
            pool -> lists().of(arbitrary().pick(pool).flatMap(v -> row(key, v))).ofSize(count));
  }

  /**
   * Rows of {@code pair} from at most {@code maxGroups} groups, whose versions come from a pool of
   * at most three so that rows often carry equal versions. A group is a single arbitrary row, or
   * what one write produces: both mirror rows of a symmetric association, or a directed row with a
   * tombstone in the mirror direction.
   */
  static Gen<List<ReplicatedRow>> rowsSharingVersions(PairKey pair, int maxGroups) {
    return lists()
        .of(versions())
        .ofSizeBetween(1, 3)
        .flatMap(
            pool ->
                lists()
                    .of(
                        arbitrary()
                            .pick(pair.forward(), pair.backward())
                            .zip(arbitrary().pick(pool), RowGenerators::group)
                            .flatMap(group -> group))
                    .ofSizeBetween(0, maxGroups)
                    .map(groups -> groups.stream().flatMap(List::stream).toList()));
  }

  private static Gen<List<ReplicatedRow>> group(RowKey key, Version version) {
    Gen<List<ReplicatedRow>> single = row(key, version).map(row -> List.of(row));
    if (!version.isLiveGeneration()) {
      return single;
    }
    Gen<List<ReplicatedRow>> write =
        associations(key)
            .map(
                a ->
                    List.of(
                        ReplicatedRow.present(a, version),
                        a.isSymmetric()
                            ? ReplicatedRow.present(a.mirrored(), version)
                            : ReplicatedRow.tombstone(key.mirror(), version)));
    return Generate.frequency(Pair.of(2, single), Pair.of(1, write));
  }
}
