package io.hybridgraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL digests of the local store equal the domain's Java definition, row for row. */
class RowDigestSqlTest {

  @TempDir Path dir;

  @Test
  void bucketDigests_inSql_equalTheJavaDefinition_includingShortAndUnicodeHashes() {
    Random random = new Random(7);
    ReplicatedGraph graph = new ReplicatedGraph();
    HybridClock clock = new HybridClock(Clock.systemUTC(), new DeviceId("digest-test"));
    List<String> names = List.of("a", "b7", "ff09", "Zürich", "日本語", "e3b0c442", "0", "9f");
    for (int i = 0; i < 300; i++) {
      String source =
          names.get(random.nextInt(names.size())) + Integer.toHexString(random.nextInt(4096));
      String target = names.get(random.nextInt(names.size())) + (i % 3 == 0 ? "" : "x" + i);
      if (source.equals(target)) {
        continue;
      }
      Association a =
          new Association(
              MemoryHash.of(source),
              MemoryHash.of(target),
              RelationshipType.values()[random.nextInt(6)],
              Similarity.of(0.5),
              ConnectionTypes.none(),
              Metadata.empty(),
              1.0);
      graph.store(a, clock);
      if (random.nextInt(5) == 0) {
        graph.delete(a.source(), a.target(), clock);
      }
    }
    Map<Integer, RowDigest.BucketDigest> expected = new HashMap<>();
    for (ReplicatedRow row : graph.rows()) {
      expected.merge(
          RowDigest.bucket(row.key()),
          new RowDigest.BucketDigest(1, RowDigest.checksum(row)),
          (x, y) -> new RowDigest.BucketDigest(x.rows() + y.rows(), x.checksum() + y.checksum()));
    }

    try (SqliteGraphStore store =
        SqliteGraphStore.open(SqliteStoreConfig.of(dir.resolve("d.db")))) {
      store.replica().merge(graph.rows());
      assertThat(store.replica().rows(Optional.empty(), 10_000)).isEqualTo(graph.rows());

      assertThat(store.replica().bucketDigests()).isEqualTo(expected);
      int bucket = expected.keySet().iterator().next();
      assertThat(store.replica().bucketRows(bucket))
          .isNotEmpty()
          .allMatch(row -> RowDigest.bucket(row.key()) == bucket);
    }
  }
}
