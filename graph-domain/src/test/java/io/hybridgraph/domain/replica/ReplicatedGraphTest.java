package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicatedGraphTest {

  private final SettableClock wall = new SettableClock(1_000);
  private final HybridClock clock = new HybridClock(wall, new DeviceId("dev-a"));
  private final ReplicatedGraph graph = new ReplicatedGraph();

  @Test
  void merge_returnsOnlyTheRowsThatChangedTheReplica() {
    ReplicatedGraph source = new ReplicatedGraph();
    List<ReplicatedRow> older = source.store(association("a", "b", CAUSES, "old"), clock);
    List<ReplicatedRow> newer = source.store(association("a", "b", CAUSES, "new"), clock);

    assertThat(graph.merge(newer)).isEqualTo(newer);
    assertThat(graph.merge(newer)).as("already there").isEmpty();
    assertThat(graph.merge(older)).as("superseded").isEmpty();
    assertThat(graph.get(RowKey.of("a", "b"))).contains(association("a", "b", CAUSES, "new"));
  }

  @Test
  void delete_ofAPairShowingNothing_writesNothing() {
    assertThat(graph.delete(hash("a"), hash("b"), clock)).isEmpty();
    assertThat(graph.rows()).isEmpty();
    assertThat(clock.last().wallMillis()).as("no clock value spent").isZero();
  }

  @Test
  void rowsAndVisibleRows_areInKeyOrder_tombstonesOnlyInRows() {
    graph.store(association("c", "a", RELATED), clock);
    graph.store(association("b", "a", CAUSES), clock);
    graph.delete(hash("a"), hash("b"), clock);

    assertThat(graph.visibleRows())
        .extracting(a -> a.key().toString())
        .containsExactly("a->c", "c->a");
    assertThat(graph.rows())
        .extracting(row -> row.key().toString())
        .containsExactly("a->b", "a->c", "b->a", "c->a");
  }
}
