package io.hybridgraph.domain.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.RelationshipType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphStatisticsTest {

  @Test
  void rowsKeptLocal_areCountedPerType_andInTotal() {
    Map<String, Long> keptLocal = new HashMap<>(Map.of("has_entity", 3L, "", 1L));
    GraphStatistics stats =
        new GraphStatistics(1, 6, 2, 1, 0, Map.of(RelationshipType.RELATED, 1L), keptLocal);
    keptLocal.clear();

    assertThat(stats.keptLocal()).isEqualTo(4);
    assertThat(stats.keptLocalByType()).isEqualTo(Map.of("has_entity", 3L, "", 1L));
  }

  @Test
  void statisticsWithoutRowsKeptLocal_keepNone() {
    GraphStatistics stats = new GraphStatistics(0, 0, 0, 0, 0, Map.of());

    assertThat(stats.keptLocalByType()).isEmpty();
    assertThat(stats.keptLocal()).isZero();
  }
}
