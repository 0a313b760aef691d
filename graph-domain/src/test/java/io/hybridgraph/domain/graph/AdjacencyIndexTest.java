package io.hybridgraph.domain.graph;

import static io.hybridgraph.domain.graph.GraphFixtures.edge;
import static io.hybridgraph.domain.graph.GraphFixtures.m;
import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.FIXES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.RelationshipType.SUPPORTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.TestAssociations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdjacencyIndexTest {

  private final AdjacencyIndex index = new AdjacencyIndex();

  /** The edges listed at a memory, as "orientation type neighbour". */
  private List<String> edgesAt(String memory) {
    int id = index.idOf(m(memory));
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < index.degree(id); i++) {
      listed.add(
          index.orientation(id, i)
              + " "
              + index.type(id, i)
              + " "
              + index.memory(index.neighbour(id, i)));
    }
    return listed;
  }

  @Test
  void directedRow_isOutgoingAtItsSource_andIncomingAtItsTarget() {
    index.put(TestAssociations.association("a", "b", CAUSES, 0.7, Metadata.empty()));

    assertThat(edgesAt("a")).containsExactly("OUTGOING causes b");
    assertThat(edgesAt("b")).containsExactly("INCOMING causes a");
    assertThat(index.similarity(index.idOf(m("a")), 0)).isEqualTo(0.7);
    assertThat(index.rowCount()).isEqualTo(1);
    assertThat(index.nodeCount()).isEqualTo(2);
    assertThat(index.memory(index.idOf(m("b")))).isEqualTo(m("b"));
    assertThat(index.idOf(m("zz"))).isEqualTo(-1);
  }

  @Test
  void symmetricRows_areListedOnceAtEachEnd() {
    index.put(edge("a", RELATED, "b"));
    index.put(edge("b", RELATED, "a"));

    assertThat(edgesAt("a")).containsExactly("SYMMETRIC related b");
    assertThat(edgesAt("b")).containsExactly("SYMMETRIC related a");
    assertThat(index.rowCount()).isEqualTo(2);
  }

  @Test
  void put_sameKey_replacesTheRow_keepingDegreesRight() {
    index.put(edge("a", CAUSES, "b"));
    index.put(edge("a", FIXES, "b"));

    assertThat(edgesAt("a")).containsExactly("OUTGOING fixes b");
    assertThat(edgesAt("b")).containsExactly("INCOMING fixes a");
    assertThat(index.rowCount()).isEqualTo(1);
  }

  @Test
  void put_symmetricOverDirected_dropsTheIncomingListingAtTheTarget() {
    index.put(edge("a", CAUSES, "b"));
    index.put(edge("a", RELATED, "b"));

    assertThat(edgesAt("a")).containsExactly("SYMMETRIC related b");
    assertThat(edgesAt("b")).isEmpty();

    index.put(edge("b", RELATED, "a"));
    assertThat(edgesAt("b")).containsExactly("SYMMETRIC related a");
    assertThat(index.rowCount()).isEqualTo(2);
  }

  @Test
  void put_directedOverSymmetric_listsItAtBothEnds() {
    index.put(edge("a", RELATED, "b"));
    index.put(edge("b", RELATED, "a"));

    index.put(edge("a", CAUSES, "b"));

    assertThat(edgesAt("a")).containsExactly("OUTGOING causes b");
    assertThat(edgesAt("b")).containsExactlyInAnyOrder("SYMMETRIC related a", "INCOMING causes a");
    assertThat(index.rowCount()).isEqualTo(2);
  }

  @Test
  void remove_directedRow_removesBothListings_andOnlyThose() {
    index.put(edge("a", CAUSES, "b"));
    index.put(edge("b", SUPPORTS, "a"));

    assertThat(index.remove(RowKey.of("a", "b"))).isTrue();

    assertThat(edgesAt("a")).containsExactly("INCOMING supports b");
    assertThat(edgesAt("b")).containsExactly("OUTGOING supports a");
    assertThat(index.rowCount()).isEqualTo(1);
    assertThat(index.remove(RowKey.of("a", "b"))).as("already gone").isFalse();
  }

  @Test
  void remove_oneSymmetricRow_leavesItsMirrorListed() {
    index.put(edge("a", RELATED, "b"));
    index.put(edge("b", RELATED, "a"));

    assertThat(index.remove(RowKey.of("a", "b"))).isTrue();

    assertThat(edgesAt("a")).isEmpty();
    assertThat(edgesAt("b")).containsExactly("SYMMETRIC related a");
  }

  @Test
  void remove_unknownMemories_isFalse_andMemoriesKeepTheirIdsAtDegreeZero() {
    index.put(edge("a", CAUSES, "b"));
    int idOfA = index.idOf(m("a"));

    assertThat(index.remove(RowKey.of("a", "zz"))).isFalse();
    assertThat(index.remove(RowKey.of("a", "b"))).isTrue();

    assertThat(index.idOf(m("a"))).isEqualTo(idOfA);
    assertThat(index.degree(idOfA)).isZero();
    assertThat(index.nodeCount()).isEqualTo(2);
    assertThat(index.rowCount()).isZero();
  }

  @Test
  void manyEdgesAtOneMemory_growTheListing() {
    for (int i = 0; i < 20; i++) {
      index.put(edge("hub", RelationshipType.values()[i % 6], "n" + i));
    }

    assertThat(index.degree(index.idOf(m("hub")))).isEqualTo(20);
    assertThat(index.rowCount()).isEqualTo(20);
    for (int i = 0; i < 20; i += 2) {
      index.remove(RowKey.of("hub", "n" + i));
    }
    assertThat(index.degree(index.idOf(m("hub")))).isEqualTo(10);
    assertThat(edgesAt("hub")).allMatch(listed -> listed.matches(".* n\\d*[13579]"));
  }

  @Test
  void clear_dropsEverything() {
    index.put(edge("a", CAUSES, "b"));

    index.clear();

    assertThat(index.nodeCount()).isZero();
    assertThat(index.rowCount()).isZero();
    assertThat(index.idOf(m("a"))).isEqualTo(-1);
  }

  @Test
  void orientationsAndTypes_roundTripThroughThePackedListing() {
    for (RelationshipType type : RelationshipType.values()) {
      AdjacencyIndex single = new AdjacencyIndex();
      single.put(edge("a", type, "b"));
      EdgeOrientation expected =
          type.isSymmetric() ? EdgeOrientation.SYMMETRIC : EdgeOrientation.OUTGOING;
      assertThat(single.type(0, 0)).isEqualTo(type);
      assertThat(single.orientation(0, 0)).isEqualTo(expected);
    }
  }
}
