package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI command and {@code serve} on the same file: each sees the other's writes and neither breaks
 * the other (two stores on one SQLite file stand in for the two processes).
 */
class TwoProcessesTest {

  @TempDir Path dir;

  private static Association causes(String source, String target) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        RelationshipType.CAUSES,
        Similarity.of(0.9),
        ConnectionTypes.none(),
        Metadata.empty(),
        1.0);
  }

  /** Serves, lets a second store on the same file (the CLI) write b -> c, and returns. */
  private TestServer serveWithAForeignWrite() {
    TestServer server = TestServer.start(dir, Map.of());
    server.post("/api/graph/associations", TestServer.association("a", "b", "related", 0.5));
    try (Application cli =
        Application.open(AppConfig.fromEnvironment(TestServer.env(dir, Map.of())))) {
      assertThat(cli.graph().statistics().statistics().relationships()).isEqualTo(1);
      cli.graph().store().store(causes("b", "c"));
    }
    return server;
  }

  @Test
  void aWriteByTheCommandLine_isCountedAndQueuedByTheServer() {
    try (TestServer server = serveWithAForeignWrite()) {
      assertThat(json(server.get("/api/graph/stats")).path("total_relationships").asLong())
          .isEqualTo(2);
      assertThat(json(server.get("/api/graph/associations/b/c")).path("relationship_type").asText())
          .isEqualTo("causes");
      assertThat(json(server.get("/api/sync/graph/status")).path("pending").asLong()).isEqualTo(3);
    }
  }

  @Test
  void aWriteByTheCommandLine_isFollowedByTheServersTraversals() {
    try (TestServer server = serveWithAForeignWrite()) {
      assertThat(json(server.get("/api/graph/memories/a/connected?max_hops=2")).toString())
          .isEqualTo("[{\"hash\":\"b\",\"distance\":1},{\"hash\":\"c\",\"distance\":2}]");
    }
  }
}
