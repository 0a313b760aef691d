package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The versioned remote schema on a real local D1: fresh, repeated, concurrent and legacy. */
@ExtendWith(LocalD1Extension.class)
class D1SchemaMigrationTest {

  private static final String PYTHON_TABLE_WITHOUT_TYPE =
      "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
          + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
          + " created_at REAL NOT NULL, PRIMARY KEY (source_hash, target_hash))";

  private static final String PYTHON_TABLE =
      "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
          + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
          + " created_at REAL NOT NULL, relationship_type TEXT DEFAULT 'related',"
          + " PRIMARY KEY (source_hash, target_hash))";

  private final LocalD1Database local;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private D1Remote remote;

  D1SchemaMigrationTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void fresh() {
    local.reset();
    remote = D1Remote.create(local.config().build());
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void freshDatabase_getsEveryTableIndexAndTrigger() {
    assertThat(remote.schema().status().currentVersion()).isZero();

    SchemaStatus status = remote.schema().migrate();

    assertThat(status.currentVersion()).isEqualTo(6).isEqualTo(remote.schema().latestVersion());
    assertThat(status.appliedNow()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(status.isUpToDate()).isTrue();
    assertThat(objects("table"))
        .contains("memory_graph", "sync_counter", "sync_device_progress", "graph_schema_history")
        .doesNotContain(SchemaMigrator.REBUILD_TABLE);
    assertThat(objects("index"))
        .contains("idx_memory_graph_target", "idx_memory_graph_type", "idx_memory_graph_change_seq")
        // The key (source_hash, target_hash) of the table without rowid covers lookups by source.
        .doesNotContain("idx_memory_graph_source");
    assertThat(tableSql()).endsWith("WITHOUT ROWID");
    assertThat(objects("trigger"))
        .contains("memory_graph_guard")
        .doesNotContain("sync_device_progress_advances");
    assertThat(remote.schema().status().currentVersion()).isEqualTo(6);
  }

  @Test
  void migratingAgain_changesNothing() {
    remote.schema().migrate();
    long before = local.requests();

    SchemaStatus again = remote.schema().migrate();

    assertThat(again.appliedNow()).isEmpty();
    assertThat(again.actions()).isEmpty();
    assertThat(again.currentVersion()).isEqualTo(6);
    // One request to read the history and one to verify the table: no DDL was sent.
    assertThat(local.requests() - before).isEqualTo(2);
  }

  @Test
  void devicesMigratingAtOnce_applyEachVersionExactlyOnce() throws Exception {
    for (int round = 0; round < 3; round++) {
      local.reset();
      List<SchemaStatus> statuses = migrateConcurrently(4);

      List<Integer> applied =
          statuses.stream().flatMap(s -> s.appliedNow().stream()).sorted().toList();
      assertThat(applied).as("round %d", round).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(statuses).allSatisfy(s -> assertThat(s.currentVersion()).isEqualTo(6));
      assertThat(versions()).containsExactly(1, 2, 3, 4, 5, 6);
    }
  }

  @Test
  void newerRemoteSchema_isRefusedWithAClearMessage() {
    remote.schema().migrate();
    remote
        .database()
        .query(
            D1Statement.of(
                "INSERT INTO graph_schema_history VALUES (99, 'from the future', 'now')"));

    assertThatThrownBy(() -> remote.schema().migrate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("remote schema version 99")
        .hasMessageContaining("knows versions up to 6");
  }

  @Test
  void unknownMemoryGraphLayout_isRefusedNamingItsColumns() {
    remote.database().query(D1Statement.of("CREATE TABLE memory_graph (id INTEGER, blob TEXT)"));

    assertThatThrownBy(() -> remote.schema().migrate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[id, blob]");
  }

  @Test
  void pythonTableWithoutRelationshipType_isUpgradedInPlace() {
    remote
        .database()
        .batch(
            List.of(
                D1Statement.of(PYTHON_TABLE_WITHOUT_TYPE),
                D1Statement.of("CREATE INDEX idx_memory_graph_source ON memory_graph(source_hash)"),
                D1Statement.of("CREATE INDEX idx_memory_graph_target ON memory_graph(target_hash)"),
                legacyRow("a", "b", "[\"semantic\"]", "{\"x\":1}", 1_700_000_000.5),
                legacyRow("b", "a", "[\"semantic\"]", "{\"x\":1}", 1_700_000_001.25),
                legacyRow("c", "d", "temporal", "not json", 1_600_000_000.0)));

    SchemaStatus status = remote.schema().migrate();

    assertThat(status.actions())
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "3 rows versioned",
                        "relationship_type added",
                        "1 missing mirror",
                        "1 symmetric pairs whose halves differed"));
    D1RemoteGraph graph = remote.d1Graph();
    List<ReplicatedRow> rows = graph.scan(Optional.empty(), 100);
    assertThat(rows)
        .extracting(ReplicatedRow::key)
        .extracting(RowKey::toString)
        .containsExactly("a->b", "b->a", "c->d", "d->c");
    // Both halves of each pair share one version: the later created_at, as a legacy clock.
    assertThat(rows.get(0).version()).isEqualTo(rows.get(1).version());
    assertThat(rows.get(0).version())
        .isEqualTo(new Version(1, new Hlc(1_700_000_001_250L, 0, new DeviceId("legacy"))));
    assertThat(rows.get(2).version()).isEqualTo(rows.get(3).version());
    PairState ab =
        PairState.of(PairKey.of(MemoryHash.of("a"), MemoryHash.of("b")), rows.subList(0, 2));
    PairState cd =
        PairState.of(PairKey.of(MemoryHash.of("c"), MemoryHash.of("d")), rows.subList(2, 4));
    // The halves differed (created_at); both now hold the later half's content, mirrored.
    assertThat(ab.visibleRows()).hasSize(2).allMatch(x -> x.type() == RelationshipType.RELATED);
    assertThat(ab.visibleRows()).allMatch(x -> x.createdAt() == 1_700_000_001.25);
    assertThat(cd.visibleRows()).hasSize(2);
    Association c = cd.visibleRows().get(0);
    assertThat(c.connectionTypes().values()).containsExactly("temporal");
    assertThat(c.metadata().values()).containsEntry("legacy_metadata", "not json");
    assertThat(c.createdAt()).isEqualTo(1_600_000_000.0);
    // Every legacy row is in the feed, and new changes come after it.
    List<Change> feed = graph.pull(0, 100).changes();
    assertThat(feed).extracting(Change::sequence).containsExactly(1L, 2L, 3L, 4L);
    graph.push(new PushBatch(new DeviceId("d1"), 1, List.of(directed("e", "f", 5))));
    assertThat(graph.pull(4, 10).changes()).extracting(Change::sequence).containsExactly(5L);
    assertThat(count("SELECT count(*) AS n FROM memory_graph_legacy_backup")).isEqualTo(3);
    assertThat(objects("index")).contains("idx_memory_graph_type", "idx_memory_graph_change_seq");
  }

  @Test
  void pythonTableWithRelationshipType_keepsTypes_andSkipsRowsBreakingItsRules() {
    remote
        .database()
        .batch(
            List.of(
                D1Statement.of(PYTHON_TABLE),
                D1Statement.of(
                    "CREATE INDEX idx_memory_graph_type ON memory_graph(relationship_type)"),
                legacyRow("a", "b", "[\"semantic\"]", null, 10.0, "causes"),
                legacyRow("b", "c", "[]", "{}", 20.0, "related"),
                legacyRow("c", "b", "[]", "{}", 30.0, "related"),
                legacyRow("c", "d", "[]", "{}", 40.0, "CONTRADICTS"),
                legacyRow("e", "f", "[]", "{}", 50.0, "likes"),
                legacyRow("g", "g", "[]", "{}", 60.0, "related")));

    remote.schema().migrate();

    Map<String, ReplicatedRow> rows =
        remote.d1Graph().scan(Optional.empty(), 100).stream()
            .collect(Collectors.toMap(r -> r.key().toString(), r -> r));
    assertThat(rows.keySet()).containsExactlyInAnyOrder("a->b", "b->c", "c->b", "c->d", "d->c");
    assertThat(rows.get("a->b").value().orElseThrow().type()).isEqualTo(RelationshipType.CAUSES);
    assertThat(rows.get("d->c").value().orElseThrow().type())
        .isEqualTo(RelationshipType.CONTRADICTS);
    assertThat(rows.get("b->c").version()).isEqualTo(rows.get("c->b").version());
    assertThat(rows.get("b->c").version().clock().wallMillis()).isEqualTo(30_000);
    // The rows the Python service should never have stored stay in D1, unread.
    assertThat(count("SELECT count(*) AS n FROM memory_graph")).isEqualTo(7);
  }

  @Test
  void legacyMetadataThatIsBlankOrJsonNull_becomesNoMetadata_asADeviceReadsIt() {
    remote
        .database()
        .batch(
            List.of(
                D1Statement.of(PYTHON_TABLE),
                legacyRow("a", "b", "[]", "null", 10.0, "causes"),
                legacyRow("c", "d", "[]", "", 20.0, "causes"),
                legacyRow("e", "f", "[]", " \t\n", 30.0, "causes"),
                legacyRow("g", "h", "[]", " null ", 40.0, "causes"),
                legacyRow("i", "j", "[]", "[1, 2]", 50.0, "causes")));

    remote.schema().migrate();

    Map<String, Metadata> metadata =
        remote.d1Graph().scan(Optional.empty(), 100).stream()
            .collect(
                Collectors.toMap(r -> r.key().toString(), r -> r.value().orElseThrow().metadata()));
    assertThat(metadata)
        .containsEntry("a->b", Metadata.empty())
        .containsEntry("c->d", Metadata.empty())
        .containsEntry("e->f", Metadata.empty())
        .containsEntry("g->h", Metadata.empty());
    assertThat(metadata.get("i->j").values()).containsEntry("legacy_metadata", "[1, 2]");
  }

  @Test
  void legacyConnectionTypes_becomeTheListADeviceReads() {
    remote
        .database()
        .batch(
            List.of(
                D1Statement.of(PYTHON_TABLE),
                legacyRow("a", "b", " semantic ", null, 10.0, "causes"),
                legacyRow("c", "d", "[null, \"a\", \"\", \" \"]", null, 20.0, "causes"),
                legacyRow("e", "f", "[1, true, 2.5, \"x\"]", null, 30.0, "causes"),
                legacyRow("g", "h", "[not json", null, 40.0, "causes"),
                legacyRow("i", "j", "\"quoted\"", null, 50.0, "causes"),
                legacyRow("k", "l", " \t", null, 60.0, "causes")));

    remote.schema().migrate();

    Map<String, List<String>> types =
        remote.d1Graph().scan(Optional.empty(), 100).stream()
            .collect(
                Collectors.toMap(
                    r -> r.key().toString(),
                    r -> r.value().orElseThrow().connectionTypes().values()));
    assertThat(types)
        .containsEntry("a->b", List.of("semantic"))
        .containsEntry("c->d", List.of("a"))
        .containsEntry("e->f", List.of("1", "true", "2.5", "x"))
        .containsEntry("g->h", List.of("[not json"))
        .containsEntry("i->j", List.of("\"quoted\""))
        .containsEntry("k->l", List.of());
  }

  @Test
  void devicesUpgradingALegacyTableAtOnce_upgradeItOnce() throws Exception {
    remote
        .database()
        .batch(
            List.of(
                D1Statement.of(PYTHON_TABLE_WITHOUT_TYPE),
                legacyRow("a", "b", "[]", null, 1.0),
                legacyRow("x", "y", "[]", null, 2.0)));

    List<SchemaStatus> statuses = migrateConcurrently(3);

    assertThat(statuses.stream().filter(s -> s.appliedNow().contains(2)).count()).isEqualTo(1);
    assertThat(remote.d1Graph().scan(Optional.empty(), 100)).hasSize(4);
    assertThat(count("SELECT count(*) AS n FROM memory_graph_legacy_backup")).isEqualTo(2);
  }

  @Test
  void tableWithRowidOfSchema5_isRebuiltWithoutRowid_keepingEveryRowAndSequence() {
    ((SchemaMigrator) remote.schema()).migrateTo(5);
    D1RemoteGraph graph = remote.d1Graph();
    DeviceId device = new DeviceId("d5");
    List<ReplicatedRow> rows = new ArrayList<>();
    Association related =
        new Association(
            MemoryHash.of("p"),
            MemoryHash.of("q"),
            RelationshipType.RELATED,
            Similarity.of(0.7),
            ConnectionTypes.of("semantic"),
            Metadata.of(Map.of("k", "v")),
            2.0);
    rows.addAll(
        PairState.empty(related.pair()).store(related, new Hlc(1_800_000_000_000L, 0, device)));
    rows.add(directed("a", "b", 1));
    rows.add(
        ReplicatedRow.tombstone(
            RowKey.of("c", "d"), new Version(2, new Hlc(1_800_000_000_005L, 0, device))));
    graph.push(new PushBatch(device, 1, rows));
    List<Change> feedBefore = graph.pull(0, 100).changes();
    long headBefore = graph.headSequence();
    assertThat(tableSql()).doesNotContain("WITHOUT ROWID");
    assertThat(objects("index")).contains("idx_memory_graph_source");

    SchemaStatus status = remote.schema().migrate();

    assertThat(status.appliedNow()).containsExactly(6);
    assertThat(tableSql()).endsWith("WITHOUT ROWID");
    assertThat(objects("index")).doesNotContain("idx_memory_graph_source");
    assertThat(graph.pull(0, 100).changes()).isEqualTo(feedBefore);
    assertThat(graph.headSequence()).isEqualTo(headBefore);
    // The guard finds rows by key now: an outside edit of one half reaches its mirror.
    local.execute(
        "UPDATE memory_graph SET similarity = 0.2 WHERE source_hash = 'q' AND target_hash = 'p'");
    List<Change> edited = graph.pull(headBefore, 10).changes();
    assertThat(edited).hasSize(2);
    assertThat(edited)
        .allSatisfy(
            c -> assertThat(c.row().value().orElseThrow().similarity().value()).isEqualTo(0.2));
    assertThat(edited.get(0).row().version()).isEqualTo(edited.get(1).row().version());
    // New pushes go on from the same counter.
    graph.push(new PushBatch(device, 2, List.of(directed("e", "f", 9))));
    assertThat(graph.pull(graph.headSequence() - 1, 10).changes())
        .extracting(Change::sequence)
        .containsExactly(headBefore + 3);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private String tableSql() {
    return (String)
        remote
            .database()
            .query(
                D1Statement.of(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'memory_graph'"))
            .rows()
            .get(0)
            .get("sql");
  }

  private List<SchemaStatus> migrateConcurrently(int devices) throws Exception {
    CyclicBarrier start = new CyclicBarrier(devices);
    List<Future<SchemaStatus>> futures = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      D1Remote device = D1Remote.create(local.config().build());
      Callable<SchemaStatus> migrate =
          () -> {
            start.await(10, TimeUnit.SECONDS);
            return device.schema().migrate();
          };
      futures.add(pool.submit(migrate));
    }
    List<SchemaStatus> statuses = new ArrayList<>();
    for (Future<SchemaStatus> future : futures) {
      statuses.add(future.get(60, TimeUnit.SECONDS));
    }
    return statuses;
  }

  private static ReplicatedRow directed(String source, String target, long tick) {
    return ReplicatedRow.present(
        new Association(
            MemoryHash.of(source),
            MemoryHash.of(target),
            RelationshipType.CAUSES,
            Similarity.of(0.5),
            ConnectionTypes.none(),
            Metadata.empty(),
            1.0),
        new Version(1, new Hlc(1_800_000_000_000L + tick, 0, new DeviceId("d1"))));
  }

  private static D1Statement legacyRow(
      String source, String target, String types, String metadata, double createdAt) {
    return D1Statement.of(
        "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
            + " metadata, created_at) VALUES (?, ?, 0.5, ?, ?, ?)",
        source,
        target,
        types,
        metadata,
        createdAt);
  }

  private static D1Statement legacyRow(
      String source, String target, String types, String metadata, double createdAt, String type) {
    return D1Statement.of(
        "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
            + " metadata, created_at, relationship_type) VALUES (?, ?, 0.5, ?, ?, ?, ?)",
        source,
        target,
        types,
        metadata,
        createdAt,
        type);
  }

  private Set<String> objects(String type) {
    return remote
        .database()
        .query(D1Statement.of("SELECT name FROM sqlite_master WHERE type = ?", type))
        .rows()
        .stream()
        .map(r -> (String) r.get("name"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private List<Integer> versions() {
    return remote
        .database()
        .query(D1Statement.of("SELECT version FROM graph_schema_history ORDER BY version"))
        .rows()
        .stream()
        .map(r -> ((Number) r.get("version")).intValue())
        .toList();
  }

  private long count(String sql) {
    return ((Number) remote.database().query(D1Statement.of(sql)).rows().get(0).get("n"))
        .longValue();
  }
}
