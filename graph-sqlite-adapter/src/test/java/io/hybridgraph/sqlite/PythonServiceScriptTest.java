package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.replica.HoldReason;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's stand-in for the Python memory service ({@code
 * scripts/python-memory-service.py}, run with {@code python3}) acting on the file while the store
 * has it open: a day of its behaviour, from stores and entity links through orphan pruning, its
 * startup migration and a user's deletes to a deletion by tag beyond the guard. Fails, never skips,
 * without {@code python3}.
 */
class PythonServiceScriptTest {

  private static final Path SCRIPT = Path.of("..", "scripts", "python-memory-service.py");
  private static final String VIEW =
      "SELECT source_hash, target_hash, relationship_type FROM memory_graph"
          + " WHERE relationship_type <> 'has_entity' ORDER BY 1, 2";

  @TempDir Path dir;

  private String python(Path file, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), file.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python3 finishes").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
    return output;
  }

  private static List<String> queued(SqliteGraphStore store) {
    store.catchUp();
    return store.outbox().peekDue(1_000, Long.MAX_VALUE).stream()
        .map(entry -> entry.key().toString())
        .toList();
  }

  private static void acknowledge(SqliteGraphStore store) {
    store.outbox().acknowledge(store.outbox().peekDue(1_000, Long.MAX_VALUE));
  }

  private static boolean live(SqliteGraphStore store, String source, String target) {
    List<ReplicatedRow> rows = store.replica().rows(List.of(RowKey.of(source, target)));
    return rows.size() == 1 && !rows.get(0).isTombstone();
  }

  @Test
  void theServicesHousekeepingNeverReachesOtherDevices_whileItsUsersDeletionsDo() throws Exception {
    assertThat(Files.isRegularFile(SCRIPT)).as(SCRIPT.toAbsolutePath() + " exists").isTrue();
    Path file = dir.resolve("sqlite_vec.db");
    SqliteStoreConfig config = SqliteStoreConfig.of(file).withMassDeletionGuard(5, 0.1);
    try (SqliteGraphStore store = SqliteGraphStore.open(config)) {
      python(file, "init");
      for (String memory : List.of("m1", "m2", "m3")) {
        python(file, "add-memory", memory);
      }

      // stores, a conflict pair and entity links
      python(file, "store", "m1", "m2", "related", "0.8");
      python(file, "contradicts", "m2", "m3");
      python(file, "store", "m1", "m3", "causes", "0.7");
      python(file, "store", "m3", "m1", "causes", "0.6");
      python(file, "entities", "m1", "Python:language", "SQLite:tool");
      assertThat(queued(store))
          .containsExactlyInAnyOrder("m1->m2", "m2->m1", "m2->m3", "m3->m2", "m1->m3", "m3->m1");
      assertThat(store.associations().statistics().keptLocalByType())
          .isEqualTo(Map.of("has_entity", 2L));
      acknowledge(store);

      // an association from another device whose memory has not arrived: held back
      ReplicatedGraph cloud = new ReplicatedGraph();
      store
          .replica()
          .merge(
              cloud.store(
                  new Association(
                      MemoryHash.of("m1"),
                      MemoryHash.of("m9"),
                      RelationshipType.RELATED,
                      Similarity.of(0.9),
                      ConnectionTypes.of("semantic"),
                      Metadata.empty(),
                      1.0),
                  new HybridClock(Clock.systemUTC(), new DeviceId("device-b"))));

      // housekeeping: orphan pruning and the startup migration
      assertThat(python(file, "prune-orphans")).contains("\"orphans_removed\": 2");
      assertThat(python(file, "startup")).contains("\"startup_removed\": 1");
      assertThat(queued(store)).as("no housekeeping is replicated").isEmpty();
      assertThat(live(store, "m3", "m1")).isTrue();
      assertThat(store.viewHolds().counts())
          .isEqualTo(Map.of(HoldReason.MEMORY_MISSING, 2L, HoldReason.REVERSE_HALF, 1L));

      // a user deletes a memory: its edges' deletion reaches every device
      python(file, "delete-memory", "m2");
      assertThat(queued(store)).containsExactlyInAnyOrder("m1->m2", "m2->m1", "m2->m3", "m3->m2");
      assertThat(live(store, "m1", "m2")).isFalse();
      acknowledge(store);

      // the missing memory arrives: its association comes back by itself
      python(file, "add-memory", "m9");
      store.catchUp();
      assertThat(rows(file, VIEW))
          .containsExactly("m1|m3|causes", "m1|m9|related", "m9|m1|related");

      // a deletion by tag beyond the guard is held, not pushed
      PythonServiceWrites writes = new PythonServiceWrites(file);
      for (int i = 0; i < 8; i++) {
        writes.addTaggedMemories("bulk", "bulk" + i);
        writes.store("m1", "bulk" + i, "supports");
      }
      acknowledge(store);
      python(file, "delete-by-tag", "bulk");
      assertThat(queued(store)).isEmpty();
      assertThat(store.heldDeletions().batches())
          .singleElement()
          .satisfies(batch -> assertThat(batch.associations()).isEqualTo(8));
      assertThat(live(store, "m1", "bulk0")).isTrue();
      assertThat(queued(store)).isEmpty();
      assertThat(store.outbox().peekDue(10, Long.MAX_VALUE))
          .extracting(ChangeOutbox.Entry::key)
          .isEmpty();
    }
  }
}
