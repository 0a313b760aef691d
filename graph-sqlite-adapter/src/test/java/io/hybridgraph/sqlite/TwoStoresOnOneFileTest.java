package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphAlgorithms;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server and a command line open on one file each see what the other wrote. */
class TwoStoresOnOneFileTest {

  @TempDir Path dir;
  private Path file;
  private SqliteGraphStore server;
  private SqliteGraphStore commandLine;

  @BeforeEach
  void open() {
    file = dir.resolve("graph.db");
    server = SqliteGraphStore.open(SqliteStoreConfig.of(file));
    commandLine = SqliteGraphStore.open(SqliteStoreConfig.of(file));
  }

  @AfterEach
  void close() {
    server.close();
    commandLine.close();
  }

  private static List<String> neighbours(SqliteGraphStore store, String memory) {
    List<ConnectedMemory> found =
        store
            .index()
            .read(
                g -> GraphAlgorithms.connected(g, MemoryHash.of(memory), 1, TraversalFilter.any()));
    return found.stream().map(c -> c.memory().value()).toList();
  }

  @Test
  void writeByAnotherStore_reachesThisStoresTraversals() {
    assertThat(neighbours(server, "a")).isEmpty();

    commandLine
        .associations()
        .store(
            new Association(
                MemoryHash.of("a"),
                MemoryHash.of("b"),
                RelationshipType.RELATED,
                Similarity.of(0.5),
                ConnectionTypes.none(),
                Metadata.empty(),
                1.0));
    assertThat(neighbours(server, "b")).containsExactly("a");

    commandLine.associations().delete(MemoryHash.of("a"), MemoryHash.of("b"));
    assertThat(neighbours(server, "a")).isEmpty();
  }

  @Test
  void foreignWriteAdoptedByTheOtherStore_reachesThisStoresTraversals() throws Exception {
    execute(
        file,
        "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
            + " metadata, created_at, relationship_type) VALUES ('p', 'q', 0.5, '[]', NULL, 1.0,"
            + " 'causes')");
    assertThat(neighbours(commandLine, "p")).containsExactly("q");

    assertThat(neighbours(server, "q")).containsExactly("p");
  }
}
