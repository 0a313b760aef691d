package io.hybridgraph.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AssociationStore} must have. Run against each implementation by
 * extending this class and supplying a fresh, empty store.
 */
public abstract class AssociationStoreContract {

  protected static final MemoryHash A = MemoryHash.of("a1f3");
  protected static final MemoryHash B = MemoryHash.of("b2e4");
  protected static final MemoryHash C = MemoryHash.of("c3d5");
  protected static final MemoryHash D = MemoryHash.of("d4c6");

  private AssociationStore store;

  /** A new, empty store. */
  protected abstract AssociationStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static Association association(
      MemoryHash source, MemoryHash target, RelationshipType type, double similarity) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("note", "from " + source + " to " + target);
    metadata.put("weight", similarity);
    return new Association(
        source,
        target,
        type,
        Similarity.of(similarity),
        ConnectionTypes.of("semantic", "temporal"),
        Metadata.of(metadata),
        1_737_212_345.125);
  }

  @Test
  void store_returnsWhatWasStored_andGetReadsItBack() {
    Association stored = store.store(association(A, B, RelationshipType.CAUSES, 0.75));

    assertThat(stored).isEqualTo(association(A, B, RelationshipType.CAUSES, 0.75));
    assertThat(store.get(new RowKey(A, B))).contains(stored);
    assertThat(store.get(new RowKey(B, A))).isEmpty();
  }

  @Test
  void store_symmetricType_isVisibleFromBothEnds() {
    Association related = store.store(association(A, B, RelationshipType.RELATED, 0.5));

    assertThat(store.get(new RowKey(A, B))).contains(related);
    assertThat(store.get(new RowKey(B, A))).contains(related.mirrored());
  }

  @Test
  void store_samePairAgain_replacesIt() {
    store.store(association(A, B, RelationshipType.SUPPORTS, 0.2));
    Association newer = store.store(association(A, B, RelationshipType.SUPPORTS, 0.9));

    assertThat(store.get(new RowKey(A, B))).contains(newer);
    assertThat(store.statistics().relationships()).isEqualTo(1);
  }

  @Test
  void store_directedOverSymmetric_leavesNoStaleMirror() {
    store.store(association(A, B, RelationshipType.RELATED, 0.5));
    Association causes = store.store(association(A, B, RelationshipType.CAUSES, 0.6));

    assertThat(store.get(new RowKey(A, B))).contains(causes);
    assertThat(store.get(new RowKey(B, A))).isEmpty();
    assertThat(store.associationsOf(B, Direction.BOTH, Set.of())).containsExactly(causes);
  }

  @Test
  void store_symmetricOverDirected_replacesBothDirections() {
    store.store(association(A, B, RelationshipType.CAUSES, 0.5));
    store.store(association(B, A, RelationshipType.FOLLOWS, 0.5));
    Association contradicts = store.store(association(B, A, RelationshipType.CONTRADICTS, 0.4));

    assertThat(store.get(new RowKey(B, A))).contains(contradicts);
    assertThat(store.get(new RowKey(A, B))).contains(contradicts.mirrored());
    assertThat(store.statistics().relationships()).isEqualTo(1);
  }

  @Test
  void store_directedBothWays_keepsOnePerDirection() {
    Association ab = store.store(association(A, B, RelationshipType.CAUSES, 0.5));
    Association ba = store.store(association(B, A, RelationshipType.SUPPORTS, 0.5));

    assertThat(store.get(new RowKey(A, B))).contains(ab);
    assertThat(store.get(new RowKey(B, A))).contains(ba);
  }

  @Test
  void delete_removesEverythingBetweenThePair() {
    store.store(association(A, B, RelationshipType.CAUSES, 0.5));
    store.store(association(B, A, RelationshipType.FIXES, 0.5));

    assertThat(store.delete(B, A)).isTrue();

    assertThat(store.get(new RowKey(A, B))).isEmpty();
    assertThat(store.get(new RowKey(B, A))).isEmpty();
    assertThat(store.delete(A, B)).isFalse();
  }

  @Test
  void delete_thenStoreAgain_showsTheNewAssociation() {
    store.store(association(A, B, RelationshipType.RELATED, 0.5));
    store.delete(A, B);
    Association again = store.store(association(A, B, RelationshipType.FIXES, 0.3));

    assertThat(store.get(new RowKey(A, B))).contains(again);
    assertThat(store.get(new RowKey(B, A))).isEmpty();
  }

  @Test
  void deleteMemory_removesEveryEdgeOfIt_andNothingElse() {
    store.store(association(A, B, RelationshipType.RELATED, 0.5));
    store.store(association(C, A, RelationshipType.CAUSES, 0.5));
    store.store(association(A, D, RelationshipType.FOLLOWS, 0.5));
    Association kept = store.store(association(B, C, RelationshipType.SUPPORTS, 0.5));

    assertThat(store.deleteMemory(A)).isEqualTo(3);

    assertThat(store.associationsOf(A, Direction.BOTH, Set.of())).isEmpty();
    assertThat(store.associationsOf(B, Direction.BOTH, Set.of())).containsExactly(kept);
    assertThat(rowsFrom(A, B, C, D)).containsExactly(kept);
  }

  @Test
  void associationsOf_filtersByDirectionAndType() {
    Association related = store.store(association(A, B, RelationshipType.RELATED, 0.5));
    Association out = store.store(association(A, C, RelationshipType.CAUSES, 0.5));
    Association in = store.store(association(D, A, RelationshipType.SUPPORTS, 0.5));

    assertThat(store.associationsOf(A, Direction.OUTGOING, Set.of()))
        .containsExactlyInAnyOrder(related, out);
    assertThat(store.associationsOf(A, Direction.INCOMING, Set.of()))
        .containsExactlyInAnyOrder(related, in);
    assertThat(store.associationsOf(A, Direction.BOTH, Set.of()))
        .containsExactlyInAnyOrder(related, out, in);
    assertThat(store.associationsOf(A, Direction.BOTH, Set.of(RelationshipType.SUPPORTS)))
        .containsExactly(in);
    assertThat(store.associationsOf(B, Direction.BOTH, Set.of()))
        .containsExactly(related.mirrored());
  }

  @Test
  void statistics_countSymmetricRelationshipsOnce() {
    store.store(association(A, B, RelationshipType.RELATED, 0.5));
    store.store(association(B, C, RelationshipType.CONTRADICTS, 0.5));
    store.store(association(C, D, RelationshipType.CAUSES, 0.5));
    store.store(association(D, C, RelationshipType.FOLLOWS, 0.5));

    GraphStatistics stats = store.statistics();

    assertThat(stats.relationships()).isEqualTo(4);
    assertThat(stats.rows()).isEqualTo(6);
    assertThat(stats.memories()).isEqualTo(4);
    assertThat(stats.symmetricRelationships()).isEqualTo(2);
    assertThat(stats.directedRelationships()).isEqualTo(2);
    assertThat(stats.relationshipsByType())
        .containsEntry(RelationshipType.RELATED, 1L)
        .containsEntry(RelationshipType.CONTRADICTS, 1L)
        .containsEntry(RelationshipType.CAUSES, 1L)
        .containsEntry(RelationshipType.FOLLOWS, 1L)
        .doesNotContainKey(RelationshipType.FIXES);
  }

  @Test
  void associationsOf_outgoing_showsEveryRowOnceFromItsSource() {
    List<MemoryHash> memories = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      memories.add(MemoryHash.of(String.format("m%02d", i)));
    }
    for (int i = 0; i + 1 < memories.size(); i++) {
      RelationshipType type = i % 2 == 0 ? RelationshipType.RELATED : RelationshipType.CAUSES;
      store.store(association(memories.get(i), memories.get(i + 1), type, 0.5));
    }

    List<Association> all = rowsFrom(memories.toArray(MemoryHash[]::new));

    assertThat(all).hasSize(6 * 2 + 5);
    assertThat(all).doesNotHaveDuplicates();
  }

  @Test
  void content_roundTripsExactly() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("tags", List.of("α", "β", "emoji 🧠"));
    nested.put("depth", Map.of("level", 3L, "ratio", 0.1));
    nested.put("quote", "she said \"hi\"\n");
    nested.put("nothing", null);
    Association rich =
        new Association(
            A,
            B,
            RelationshipType.FIXES,
            Similarity.of(0.123456789012345),
            ConnectionTypes.of("semantic", "causal", "temporal"),
            Metadata.of(nested),
            1_700_000_000.987654);

    store.store(rich);

    assertThat(store.get(new RowKey(A, B))).contains(rich);
  }

  /** Every visible row whose source is one of {@code memories}, read through the port. */
  private List<Association> rowsFrom(MemoryHash... memories) {
    List<Association> rows = new ArrayList<>();
    for (MemoryHash memory : memories) {
      rows.addAll(store.associationsOf(memory, Direction.OUTGOING, Set.of()));
    }
    return rows;
  }
}
