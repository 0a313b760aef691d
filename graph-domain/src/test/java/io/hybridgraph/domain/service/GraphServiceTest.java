package io.hybridgraph.domain.service;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.hybridgraph.domain.graph.AdjacencyIndex;
import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.GraphSnapshot;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.ConnectedQuery;
import io.hybridgraph.domain.port.in.PathQuery;
import io.hybridgraph.domain.port.in.SubgraphQuery;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GraphServiceTest {

  private final FakeAssociationStore store = new FakeAssociationStore();
  private final CountingIndex index = new CountingIndex();
  private final GraphService service = new GraphService(store, index);

  @Test
  void boundsThemselves_areAccepted() {
    index.graph.put(association("a", "b", CAUSES));

    TraversalFilter any = TraversalFilter.any();
    assertThat(service.findConnected(new ConnectedQuery(hash("a"), 1, any)))
        .containsExactly(new ConnectedMemory(hash("b"), 1));
    assertThat(service.findConnected(new ConnectedQuery(hash("a"), 10, any))).hasSize(1);
    assertThat(service.shortestPath(new PathQuery(hash("a"), hash("b"), 10, any))).isPresent();
    assertThat(service.subgraph(new SubgraphQuery(hash("a"), 10, 1, any)).nodes()).hasSize(1);
    assertThat(service.subgraph(new SubgraphQuery(hash("a"), 1, 5_000, any)).nodes()).hasSize(2);
    assertThat(index.reads).isEqualTo(5);
  }

  @Test
  void writesThatChangeTheGraph_tellTheListener_afterTheStoreReturned() {
    List<String> told = new ArrayList<>();
    GraphService listened =
        new GraphService(store, index, () -> told.add("after " + store.writes + " writes"));

    listened.store(association("a", "b", CAUSES));
    listened.store(association("a", "c", RELATED));
    assertThat(told).containsExactly("after 1 writes", "after 2 writes");

    assertThat(listened.delete(hash("a"), hash("b"))).isTrue();
    assertThat(listened.delete(hash("a"), hash("b"))).as("nothing left there").isFalse();
    assertThat(listened.deleteMemory(hash("a"))).isEqualTo(1);
    assertThat(listened.deleteMemory(hash("a"))).as("nothing left there").isZero();
    assertThat(told)
        .containsExactly("after 1 writes", "after 2 writes", "after 3 writes", "after 5 writes");

    listened.get(RowKey.of("a", "c"));
    listened.associationsOf(hash("a"), Direction.BOTH, Set.of());
    listened.findConnected(new ConnectedQuery(hash("a"), 2, TraversalFilter.any()));
    assertThat(told).as("reads tell nobody").hasSize(4);
  }

  @Test
  void aFailingWrite_tellsNobody() {
    List<String> told = new ArrayList<>();
    GraphService listened = new GraphService(store, index, () -> told.add("told"));
    store.failNextWrite = true;

    assertThatIllegalStateException()
        .isThrownBy(() -> listened.store(association("a", "b", CAUSES)));

    assertThat(told).isEmpty();
  }

  @Test
  void writesAndPointReads_goToTheStore() {
    Association related = association("a", "b", RELATED);

    assertThat(service.store(related)).isEqualTo(related);
    assertThat(service.get(RowKey.of("b", "a"))).contains(related.mirrored());
    assertThat(service.associationsOf(hash("a"), Direction.BOTH, Set.of()))
        .containsExactly(related);
    assertThat(service.delete(hash("b"), hash("a"))).isTrue();
    assertThat(service.delete(hash("b"), hash("a"))).isFalse();
    assertThat(service.get(RowKey.of("a", "b"))).isEmpty();
    assertThat(index.reads).isZero();
  }

  @Test
  void memoryWithoutAssociations_answersEmptyResults_notAnError() {
    index.graph.put(association("a", "b", CAUSES));
    MemoryHash lonely = hash("lonely");

    assertThat(service.associationsOf(lonely, Direction.BOTH, Set.of())).isEmpty();
    assertThat(service.findConnected(new ConnectedQuery(lonely, 2, TraversalFilter.any())))
        .isEmpty();
    Subgraph subgraph = service.subgraph(new SubgraphQuery(lonely, 2, 100, TraversalFilter.any()));
    assertThat(subgraph.nodes()).containsExactly(new Subgraph.Node(lonely, 0));
    assertThat(subgraph.edges()).isEmpty();
    assertThat(subgraph.truncated()).isFalse();
    assertThat(service.deleteMemory(lonely)).isZero();
    assertThat(service.shortestPath(new PathQuery(lonely, hash("a"), 5, TraversalFilter.any())))
        .isEmpty();
  }

  @Test
  void pathFromAMemoryToItself_isThatMemoryAlone_withOrWithoutAssociations() {
    index.graph.put(association("a", "b", CAUSES));

    for (String memory : List.of("a", "lonely")) {
      Optional<GraphPath> path =
          service.shortestPath(new PathQuery(hash(memory), hash(memory), 1, TraversalFilter.any()));
      assertThat(path).isPresent();
      assertThat(path.get().memories()).containsExactly(hash(memory));
      assertThat(path.get().relationships()).isEmpty();
      assertThat(path.get().hops()).isZero();
    }
    assertThat(index.reads).as("no traversal needed").isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PathQuery(hash("a"), hash("a"), 0, TraversalFilter.any()))
        .withMessage("max_hops must be within [1, 10], was 0");
  }

  @Test
  void subgraphEdges_carryTheirAssociationsConnectionTypesAndMetadata() {
    Association causes = association("a", "b", CAUSES, 0.7, Metadata.of(Map.of("why", "because")));
    Association related = association("c", "a", RELATED, "note");
    for (Association stored : List.of(causes, related)) {
      service.store(stored);
      index.graph.put(stored);
      if (stored.isSymmetric()) {
        index.graph.put(stored.mirrored());
      }
    }

    Subgraph subgraph =
        service.subgraph(new SubgraphQuery(hash("a"), 1, 10, TraversalFilter.any()));

    assertThat(subgraph.edges())
        .containsExactlyInAnyOrder(
            new Subgraph.Edge(
                hash("a"),
                hash("b"),
                CAUSES,
                0.7,
                true,
                ConnectionTypes.of("semantic"),
                Metadata.of(Map.of("why", "because"))),
            new Subgraph.Edge(
                hash("a"),
                hash("c"),
                RELATED,
                0.5,
                false,
                ConnectionTypes.of("semantic"),
                Metadata.of(Map.of("note", "note"))));
  }

  @Test
  void subgraphEdge_whoseAssociationIsGoneFromTheStore_keepsItsShapeWithoutDetails() {
    index.graph.put(association("a", "b", CAUSES, 0.7, Metadata.of(Map.of("why", "because"))));

    Subgraph subgraph =
        service.subgraph(new SubgraphQuery(hash("a"), 1, 10, TraversalFilter.any()));

    assertThat(subgraph.edges())
        .containsExactly(new Subgraph.Edge(hash("a"), hash("b"), CAUSES, 0.7, true));
    assertThat(subgraph.edges().get(0).connectionTypes()).isEqualTo(ConnectionTypes.none());
    assertThat(subgraph.edges().get(0).metadata()).isEqualTo(Metadata.empty());
  }

  @Test
  void store_null_isRejected() {
    assertThatNullPointerException()
        .isThrownBy(() -> service.store(null))
        .withMessage("association must not be null");
  }

  /** Traversals read the index under its own consistency, never the store. */
  private static final class CountingIndex implements GraphIndex {
    final AdjacencyIndex graph = new AdjacencyIndex();
    int reads;

    @Override
    public <T> T read(Function<GraphSnapshot, T> reader) {
      reads++;
      return reader.apply(graph);
    }
  }

  /** An in-memory store over a replicated graph: just enough of the port for these tests. */
  private static final class FakeAssociationStore implements AssociationStore {
    private final ReplicatedGraph graph = new ReplicatedGraph();
    private final HybridClock clock =
        new HybridClock(new SettableClock(1_000), new DeviceId("fake"));
    int writes;
    boolean failNextWrite;

    @Override
    public Association store(Association association) {
      if (failNextWrite) {
        failNextWrite = false;
        throw new IllegalStateException("disk I/O error");
      }
      writes++;
      graph.store(association, clock);
      return association;
    }

    @Override
    public boolean delete(MemoryHash a, MemoryHash b) {
      writes++;
      return !graph.delete(a, b, clock).isEmpty();
    }

    @Override
    public int deleteMemory(MemoryHash memory) {
      writes++;
      int deleted = 0;
      for (Association row : graph.visibleRows()) {
        if (row.source().equals(memory)
            && !graph.delete(row.source(), row.target(), clock).isEmpty()) {
          deleted++;
        }
      }
      return deleted;
    }

    @Override
    public Optional<Association> get(RowKey key) {
      return graph.get(key);
    }

    @Override
    public List<Association> associationsOf(
        MemoryHash memory, Direction direction, Set<RelationshipType> types) {
      return graph.visibleRows().stream()
          .filter(row -> row.source().equals(memory))
          .filter(row -> types.isEmpty() || types.contains(row.type()))
          .toList();
    }

    @Override
    public GraphStatistics statistics() {
      return new GraphStatistics(0, 0, 0, 0, 0, Map.of());
    }
  }
}
