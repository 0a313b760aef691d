package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container;

/**
 * Scenario 10: the Python memory service works on device A's file while A runs (a standard-library
 * script in the image acting as that service does: entity links, orphan pruning with memories not
 * yet arrived, its startup migration re-run, a user deleting a memory, a deletion of many memories
 * by tag). Device B, and the cloud, end with exactly the user's deletions: housekept associations
 * stay everywhere, the mass deletion is held on A, and every query on A answers 200.
 */
class PythonCoexistenceIT {

  private static final String DB = "/data/memory_graph.db";

  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  private Device a;
  private Device b;

  /** The script, run inside device A's container on A's file. */
  private JsonNode python(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python-memory-service", DB));
    command.addAll(List.of(args));
    Container.ExecResult result = a.container.execInContainer(command.toArray(String[]::new));
    assertThat(result.getExitCode())
        .as("python-memory-service %s: %s", String.join(" ", args), result.getStderr())
        .isZero();
    String out = result.getStdout().strip();
    String last = out.isEmpty() ? "{}" : out.substring(out.lastIndexOf('\n') + 1);
    return Device.JSON.readTree(last);
  }

  private static String body(String source, String target, String type) {
    return """
        {"source_hash": "%s", "target_hash": "%s", "similarity": 0.6,
         "connection_types": ["semantic"], "relationship_type": "%s"}"""
        .formatted(source, target, type);
  }

  private static void store(Device device, String source, String target, String type)
      throws IOException, InterruptedException {
    Device.Answer answer = device.postJson("/api/graph/associations", body(source, target, type));
    assertThat(answer.status()).as("store on %s: %s", device.name, answer).isEqualTo(201);
  }

  private static boolean has(Device device, String source, String target)
      throws IOException, InterruptedException {
    return device.get("/api/graph/associations/" + source + "/" + target).status() == 200;
  }

  private static <T> T await(
      String what, long millis, Callable<T> probe, java.util.function.Predicate<T> done)
      throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    T value = probe.call();
    while (!done.test(value)) {
      assertThat(System.currentTimeMillis())
          .as(what + " (last: " + value + ")")
          .isLessThan(deadline);
      Thread.sleep(200);
      value = probe.call();
    }
    return value;
  }

  private static List<String> fresh(int n) {
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      hashes.add(Hashes.fresh());
    }
    return hashes;
  }

  /** Live associations in D1, as "source target" keys. */
  private Set<String> cloudKeys() throws IOException, InterruptedException {
    Set<String> keys = new HashSet<>();
    for (JsonNode row :
        containers.d1.query(
            "SELECT source_hash, target_hash FROM memory_graph WHERE deleted = 0")) {
      keys.add(row.path("source_hash").asText() + " " + row.path("target_hash").asText());
    }
    return keys;
  }

  @Test
  void housekeepingOfThePythonServiceNeverDeletesAnythingElsewhere() throws Exception {
    containers.startD1();
    a = containers.startDevice("device-a");
    b = containers.startDevice("device-b");
    long started = System.currentTimeMillis();
    python("init");

    List<String> present = fresh(40);
    List<String> missing = fresh(10);
    List<String> bulk = fresh(61);
    python(prepend("add-memories", "notes", present));
    python(prepend("add-memories", "bulk", bulk));

    // G1: stored on A between a memory A has and one it has not (yet).
    List<String[]> orphans = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      orphans.add(new String[] {present.get(i), missing.get(i)});
      store(a, present.get(i), missing.get(i), "related");
    }
    // G3: two opposite associations of one directed type, both stored by a user on A.
    List<String[]> twoWay = new ArrayList<>();
    for (int i = 10; i < 20; i += 2) {
      String x =
          present.get(i).compareTo(present.get(i + 1)) < 0 ? present.get(i) : present.get(i + 1);
      String y = x.equals(present.get(i)) ? present.get(i + 1) : present.get(i);
      store(a, x, y, "causes");
      store(a, y, x, "causes");
      twoWay.add(new String[] {x, y});
    }
    // G5: a memory with three associations, which a user deletes.
    String doomed = present.get(30);
    List<String[]> userDeleted =
        List.of(
            new String[] {doomed, present.get(31)},
            new String[] {doomed, present.get(32)},
            new String[] {present.get(33), doomed});
    store(a, doomed, present.get(31), "related");
    store(a, doomed, present.get(32), "causes");
    store(a, present.get(33), doomed, "fixes");
    // G6: sixty associations among memories tagged "bulk".
    List<String[]> massDeleted = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      store(a, bulk.get(i), bulk.get(i + 1), "follows");
      massDeleted.add(new String[] {bulk.get(i), bulk.get(i + 1)});
    }
    // G2: stored on B between memories A does not have yet.
    List<String[]> early = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      store(b, missing.get(i), missing.get(i + 5), "supports");
      early.add(new String[] {missing.get(i), missing.get(i + 5)});
    }
    int stored =
        orphans.size() + 2 * twoWay.size() + userDeleted.size() + massDeleted.size() + early.size();
    await(
        "every association reached device B",
        60_000,
        () -> b.get("/api/graph/stats").json().path("total_relationships").asInt(),
        n -> n == stored);
    await(
        "B's associations reached device A (held back there until their memories arrive)",
        60_000,
        () -> a.get("/api/graph/held").json().path("counts").path("memory_missing").asInt(),
        n -> n == early.size());

    // The Python service's housekeeping and its users, on A's file while A runs.
    JsonNode pruned = python("prune-orphans");
    JsonNode migrated = python("startup");
    python("entities", present.get(0), "Python:language", "SQLite:software");
    JsonNode deletedMemory = python("delete-memory", doomed);
    await(
        "the user's deletion reached device B",
        30_000,
        () ->
            has(b, doomed, present.get(31))
                || has(b, doomed, present.get(32))
                || has(b, present.get(33), doomed),
        found -> !found);
    // Deleting many memories at once, after the rest was taken in (deletions that A takes in
    // together count together).
    JsonNode deletedByTag = python("delete-by-tag", "bulk");

    JsonNode held =
        await(
            "the mass deletion is held on A",
            30_000,
            () -> a.get("/api/sync/graph/deletions").json(),
            body -> body.path("batches").asInt() == 1);
    // Longer than a push and a pull: a housekeeping deletion wrongly replicated would show now.
    Thread.sleep(5_000);

    for (String[] row : orphans) {
      assertThat(has(b, row[0], row[1])).as("pruned orphan %s still on B", row[0]).isTrue();
      assertThat(has(a, row[0], row[1])).as("pruned orphan %s held back on A", row[0]).isFalse();
    }
    for (String[] pair : twoWay) {
      assertThat(has(b, pair[0], pair[1]) && has(b, pair[1], pair[0]))
          .as("both directions of a two-way pair still on B")
          .isTrue();
    }
    for (String[] row : massDeleted) {
      assertThat(has(b, row[0], row[1])).as("mass-deleted row still on B").isTrue();
    }
    for (String[] row : early) {
      assertThat(has(b, row[0], row[1])).isTrue();
    }
    JsonNode statsB = b.get("/api/graph/stats").json();
    assertThat(statsB.path("total_relationships").asInt())
        .as("B lost exactly the user's deletions")
        .isEqualTo(stored - userDeleted.size());
    assertThat(statsB.path("kept_local_rows").asInt()).as("entity links never synced").isZero();
    Set<String> cloud = cloudKeys();
    for (String[] row : orphans) {
      assertThat(cloud).contains(row[0] + " " + row[1]);
    }
    for (String[] row : massDeleted) {
      assertThat(cloud).contains(row[0] + " " + row[1]);
    }
    assertThat(cloud).doesNotContain(doomed + " " + present.get(31));

    // Every query on A answers 200, entity links and all.
    for (String path :
        List.of(
            "/api/graph/memories/" + present.get(0) + "/connected?max_hops=3",
            "/api/graph/memories/" + present.get(0) + "/associations",
            "/api/graph/memories/" + present.get(0) + "/subgraph",
            "/api/graph/memories/" + doomed + "/associations",
            "/api/graph/path?from=" + twoWay.get(0)[0] + "&to=" + twoWay.get(0)[1],
            "/api/graph/path?from=" + present.get(0) + "&to=" + present.get(0),
            "/api/graph/stats",
            "/api/graph/held",
            "/api/sync/graph/status")) {
      assertThat(a.get(path).status()).as(path).isEqualTo(200);
    }
    JsonNode statusA = a.get("/api/sync/graph/status").json();
    assertThat(statusA.path("held_deletions").path("associations").asInt())
        .as("A's status says what it holds")
        .isEqualTo(massDeleted.size());
    assertThat(a.get("/health").json().path("reason").asText()).contains("mass-deletion guard");
    JsonNode statsA = a.get("/api/graph/stats").json();
    assertThat(statsA.path("kept_local_by_type").path("has_entity").asInt()).isEqualTo(2);

    // The missing memories arrive (the Python service's own memory sync): held rows come back.
    python(prepend("add-memories", "notes", missing));
    await(
        "rows held for their memories came back on A",
        30_000,
        () ->
            has(a, orphans.get(0)[0], orphans.get(0)[1])
                && has(a, early.get(0)[0], early.get(0)[1]),
        back -> back);

    System.out.printf(
        "scenario 10: %d associations, %d orphans pruned on A (%s), %d reverse halves removed by"
            + " its startup migration, 2 entity links kept local, %d edges of a deleted memory"
            + " (%s), %d deleted by tag (%s) held as batch of %d; B lost exactly %d (the user's),"
            + " D1 kept every housekept one; rows held for memories came back on A; %d ms%n",
        stored,
        pruned.path("orphans_removed").asInt(),
        "held on A, live on B and in D1",
        migrated.path("startup_removed").asInt(),
        deletedMemory.path("rows_deleted").asInt(),
        "replicated",
        deletedByTag.path("rows_deleted").asInt(),
        "not replicated",
        held.path("held").get(0).path("associations").asInt(),
        userDeleted.size(),
        System.currentTimeMillis() - started);
  }

  private static String[] prepend(String command, String tags, List<String> hashes) {
    List<String> args = new ArrayList<>(List.of(command, tags));
    args.addAll(hashes);
    return args.toArray(String[]::new);
  }
}
