package io.hybridgraph.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole mission on one machine: a local D1 and two devices with their own SQLite files;
 * associations stored on A arrive on B, a conflict and a delete-versus-modify play out, and every
 * claimed outcome is checked, so the demo doubles as a smoke test. Prints each step with timings.
 *
 * <p>Runs once; {@link #run()} throws {@link Failure} when the devices did not converge as the
 * domain's rules say they must. Never prints the local D1's token.
 */
public final class Demo {

  /** The devices did not end as expected; the message says what was seen. */
  public static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  /**
   * What to run with.
   *
   * @param dir where the devices keep their SQLite files (must be empty or absent)
   * @param localD1 the {@code local-d1/} directory
   * @param node the Node.js executable
   * @param keepsFiles whether {@code dir} outlives the demo (to point at it in the hints)
   * @param stay whether to keep everything running after the script until {@code waitForStop}
   *     returns
   */
  public record Options(
      Path dir,
      Path localD1,
      String node,
      boolean keepsFiles,
      boolean stay,
      Runnable waitForStop) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Set<RelationshipType> ALL_TYPES = EnumSet.allOf(RelationshipType.class);

  private final Options options;
  private final PrintWriter out;

  private LocalD1Process d1;
  private DemoDevice a;
  private DemoDevice b;

  private Demo(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the demo and stops everything it started, whatever happens.
   *
   * @throws Failure when an outcome is not the expected one
   * @throws IllegalStateException when the local D1 or a device cannot start
   */
  public static void run(Options options, PrintWriter out) {
    Demo demo = new Demo(options, out);
    try {
      demo.script();
    } finally {
      demo.stop();
    }
  }

  private void script() {
    long start = System.nanoTime();
    out.println("hybrid-graph-sync demo: two devices converging through a local D1");
    out.println();
    setUp();
    stepOneArrival();
    stepTwoConflict();
    stepThreeDeleteVersusModify();
    stepFourOutcome();
    out.printf(
        Locale.ROOT,
        "%nDemo passed in %.1f s: both devices converged as the rules say.%n",
        (System.nanoTime() - start) / 1e9);
    out.flush();
    if (options.stay() && a.port().isPresent()) {
      out.println("Devices and the local D1 keep running; press Enter to stop.");
      out.flush();
      options.waitForStop().run();
    }
  }

  // --- set-up -----------------------------------------------------------------------------------

  private void setUp() {
    long t = System.nanoTime();
    d1 = LocalD1Process.start(options.localD1(), options.node(), this::note);
    out.printf(
        Locale.ROOT,
        "  local D1   %s (%s, started in %d ms)%n",
        d1.url(),
        options.localD1(),
        millisSince(t));
    t = System.nanoTime();
    a =
        DemoDevice.start(
            "A", "device-a", options.dir().resolve("device-a"), true, d1.environment());
    b =
        DemoDevice.start(
            "B", "device-b", options.dir().resolve("device-b"), false, d1.environment());
    out.printf(Locale.ROOT, "  device A   %s%n", a.database());
    out.printf(Locale.ROOT, "  device B   %s%n", b.database());
    out.printf(
        Locale.ROOT,
        "  sync       push on every write, pull every %s ms (both devices started in %d ms)%n",
        DemoDevice.SYNC_INTERVAL_MS,
        millisSince(t));
    out.printf(Locale.ROOT, "  dashboard  %s (device A, while the demo runs)%n", dashboard());
    out.flush();
  }

  private void note(String message) {
    out.println("  " + message);
    out.flush();
  }

  // --- step 1 -----------------------------------------------------------------------------------

  private void stepOneArrival() {
    heading("Step 1: five associations stored on A arrive on B");
    List<Association> stored = new ArrayList<>();
    List<Long> storedAt = new ArrayList<>();
    List<Long> storeMillis = new ArrayList<>();
    for (Association association :
        List.of(
            association("coffee", "insomnia", RelationshipType.CAUSES, 0.82, "A"),
            association("melatonin", "insomnia", RelationshipType.FIXES, 0.74, "A"),
            association("coffee", "espresso", RelationshipType.RELATED, 0.91, "A"),
            association("sleep-study", "melatonin", RelationshipType.SUPPORTS, 0.66, "A"),
            association("insomnia", "well-rested", RelationshipType.CONTRADICTS, 0.88, "A"))) {
      long t = System.nanoTime();
      stored.add(a.store(association));
      storedAt.add(System.nanoTime());
      storeMillis.add(millisSince(t));
    }
    long first = storedAt.get(0);
    long[] seenAt = new long[stored.size()];
    await(
        "all five associations to arrive on B",
        () -> {
          boolean all = true;
          for (int i = 0; i < stored.size(); i++) {
            if (seenAt[i] == 0) {
              if (sameVersion(b.get(stored.get(i).key()), stored.get(i))) {
                seenAt[i] = System.nanoTime();
              } else {
                all = false;
              }
            }
          }
          return all;
        });
    long last = 0;
    for (int i = 0; i < stored.size(); i++) {
      long latency = (seenAt[i] - storedAt.get(i)) / 1_000_000;
      last = Math.max(last, seenAt[i]);
      out.printf(
          Locale.ROOT,
          "  %-40s stored on A in %3d ms, on B %4d ms later%n",
          describe(stored.get(i)),
          storeMillis.get(i),
          latency);
    }
    out.printf(
        Locale.ROOT, "  all 5 on B %d ms after the first store on A%n", (last - first) / 1_000_000);
    out.flush();
  }

  // --- step 2 -----------------------------------------------------------------------------------

  private void stepTwoConflict() {
    heading("Step 2: a conflict: A and B store tea <-> coffee differently");
    b.goOffline();
    note("B goes offline (its sync stops; writes stay local and queued)");
    Association fromA = association("tea", "coffee", RelationshipType.RELATED, 0.40, "A");
    a.store(fromA);
    awaitPushed(a);
    JsonNode cloudA = cloudRow(fromA.key());
    note(
        "A stores "
            + describe(fromA)
            + " similarity 0.40, note \"A\"; pushed, cloud clock "
            + cloudA.path("hlc").asText());
    Instant after = Instant.now();
    await("the wall clock to move past A's write", () -> Instant.now().isAfter(after));
    Association fromB = association("tea", "coffee", RelationshipType.RELATED, 0.90, "B");
    b.store(fromB);
    note("B, not having seen A's write, stores the same pair: similarity 0.90, note \"B\"");
    long t = System.nanoTime();
    b.goOnline();
    note("B comes online: it pushes its version and pulls A's");
    settle();
    long converged = millisSince(t);
    Association onA = a.get(fromA.key()).orElseThrow(() -> failure("tea <-> coffee is gone on A"));
    Association onB = b.get(fromA.key()).orElseThrow(() -> failure("tea <-> coffee is gone on B"));
    out.printf(Locale.ROOT, "  on A: %s%n", version(onA));
    out.printf(Locale.ROOT, "  on B: %s%n", version(onB));
    JsonNode cloud = cloudRow(fromA.key());
    check(
        sameVersion(Optional.of(onA), fromB) && sameVersion(Optional.of(onB), fromB),
        "B's later write should have won on both devices, but A has "
            + version(onA)
            + " and B has "
            + version(onB));
    check(
        cloud.path("hlc").asText().compareTo(cloudA.path("hlc").asText()) > 0,
        "the cloud's clock did not move past A's write");
    out.printf(
        Locale.ROOT,
        "  B's version won on both devices in %d ms. Why: the pair existed on both sides (causal"
            + " length %d), so last writer wins by hybrid logical clock, and B's clock %s is later"
            + " than A's %s%n",
        converged,
        cloud.path("causal_length").asLong(),
        cloud.path("hlc").asText(),
        cloudA.path("hlc").asText());
    out.flush();
  }

  // --- step 3 -----------------------------------------------------------------------------------

  private void stepThreeDeleteVersusModify() {
    heading("Step 3: delete versus modify: A deletes melatonin -> insomnia while B edits it");
    RowKey key = RowKey.of("melatonin", "insomnia");
    b.goOffline();
    note("B goes offline");
    check(
        a.delete(MemoryHash.of("melatonin"), MemoryHash.of("insomnia")), "A had nothing to delete");
    awaitPushed(a);
    JsonNode deleted = cloudRow(key);
    note(
        "A deletes it; pushed, the cloud row has causal length "
            + deleted.path("causal_length").asLong()
            + " (even: deleted)");
    check(b.get(key).isPresent(), "B should still have melatonin -> insomnia before it syncs");
    Association edit = association("melatonin", "insomnia", RelationshipType.FIXES, 0.95, "B edit");
    b.store(edit);
    note(
        "B, not having seen the deletion, raises its similarity to 0.95 (a later clock than the"
            + " deletion)");
    long t = System.nanoTime();
    b.goOnline();
    note("B comes online");
    settle();
    long converged = millisSince(t);
    check(
        a.get(key).isEmpty() && b.get(key).isEmpty(),
        "the deletion should have won on both devices, but A has "
            + a.get(key).map(Demo::version).orElse("nothing")
            + " and B has "
            + b.get(key).map(Demo::version).orElse("nothing"));
    JsonNode cloud = cloudRow(key);
    check(cloud.path("deleted").asLong() == 1, "the cloud row is not deleted: " + cloud);
    out.printf(
        Locale.ROOT,
        "  the deletion won on both devices in %d ms: a deletion beats every modification made"
            + " without seeing it (causal length %d beats B's 1, whatever the clocks say)%n",
        converged,
        cloud.path("causal_length").asLong());

    Association again =
        association("melatonin", "insomnia", RelationshipType.FIXES, 0.70, "B again");
    long stored = System.nanoTime();
    b.store(again);
    await("B's re-created association to reach A", () -> sameVersion(a.get(key), again));
    long latency = millisSince(stored);
    settle();
    check(
        sameVersion(a.get(key), again) && sameVersion(b.get(key), again),
        "the re-created association should be on both devices");
    JsonNode recreated = cloudRow(key);
    out.printf(
        Locale.ROOT,
        "  B, having seen the deletion, stores it again (similarity 0.70): on A %d ms later, causal"
            + " length %d (odd: exists), so re-creation after a deletion wins everywhere%n",
        latency,
        recreated.path("causal_length").asLong());
    out.flush();
  }

  // --- step 4 -----------------------------------------------------------------------------------

  private void stepFourOutcome() {
    heading("Step 4: the outcome");
    settle();
    GraphStatistics statsA = a.graph().statistics().statistics();
    GraphStatistics statsB = b.graph().statistics().statistics();
    out.printf(Locale.ROOT, "  device A   %s%n", stats(statsA));
    out.printf(Locale.ROOT, "  device B   %s%n", stats(statsB));
    check(statsA.equals(statsB), "the devices' statistics differ");
    Set<String> graphA = snapshot(a);
    Set<String> graphB = snapshot(b);
    check(
        graphA.equals(graphB),
        "the devices' graphs differ: only on A "
            + minus(graphA, graphB)
            + ", only on B "
            + minus(graphB, graphA));
    JsonNode counts =
        d1.query(
                "SELECT COUNT(*) AS total, COALESCE(SUM(deleted = 0), 0) AS live FROM memory_graph")
            .get(0);
    long total = counts.path("total").asLong();
    long live = counts.path("live").asLong();
    out.printf(
        Locale.ROOT,
        "  local D1   %d rows in memory_graph: %d live, %d deleted (tombstones kept for merging)%n",
        total,
        live,
        total - live);
    check(
        live == statsA.rows(),
        "the cloud holds " + live + " live rows, the devices " + statsA.rows());
    out.println("  Both devices hold the same graph, and so does the cloud.");
    out.println();
    out.println("Where to look");
    out.printf(
        Locale.ROOT,
        "  dashboard                 %s (device A; %s)%n",
        dashboard(),
        options.stay() ? "running until you press Enter" : "run with --stay to keep it open");
    String api =
        a.port().isPresent() ? "http://127.0.0.1:" + a.port().getAsInt() : "http://127.0.0.1:8765";
    out.printf(Locale.ROOT, "  sync status               %s/api/sync/graph/status%n", api);
    out.printf(
        Locale.ROOT,
        "  live sync events          %s/api/events (Accept: text/event-stream)%n",
        api);
    out.printf(Locale.ROOT, "  graph counts              %s/api/graph/stats%n", api);
    if (options.keepsFiles()) {
      out.printf(
          Locale.ROOT,
          "  on the command line       HYBRID_GRAPH_DATA_DIR=%s java -jar"
              + " graph-app/target/hybrid-graph-sync.jar stats (also sync status, connected"
              + " coffee)%n",
          a.dataDir());
    } else {
      out.println(
          "  on the command line       run with --keep, then point HYBRID_GRAPH_DATA_DIR at a"
              + " device's directory for stats, sync status or connected coffee");
    }
    out.flush();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private String dashboard() {
    return a.port().isPresent() ? "http://127.0.0.1:" + a.port().getAsInt() + "/" : "(not serving)";
  }

  private void heading(String title) {
    out.println();
    out.println(title);
    out.flush();
  }

  private static Association association(
      String source, String target, RelationshipType type, double similarity, String note) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        type,
        Similarity.of(similarity),
        ConnectionTypes.of("demo"),
        Metadata.of(Map.of("note", note)),
        Instant.now().toEpochMilli() / 1000.0);
  }

  private static String describe(Association association) {
    String type = association.type().wireName();
    return association.source().value()
        + (association.isSymmetric() ? " <-" + type + "-> " : " -" + type + "-> ")
        + association.target().value();
  }

  private static String version(Association association) {
    return String.format(
        Locale.ROOT,
        "%s similarity %.2f, metadata %s",
        describe(association),
        association.similarity().value(),
        association.metadata().toJson());
  }

  private static String stats(GraphStatistics s) {
    return String.format(
        Locale.ROOT,
        "%d relationships (%d symmetric, %d directed), %d rows, %d memories",
        s.relationships(),
        s.symmetricRelationships(),
        s.directedRelationships(),
        s.rows(),
        s.memories());
  }

  /** Whether {@code seen} holds what {@code expected} stored (seen from either end). */
  private static boolean sameVersion(Optional<Association> seen, Association expected) {
    return seen.isPresent()
        && seen.get().type() == expected.type()
        && seen.get().similarity().equals(expected.similarity())
        && seen.get().metadata().equals(expected.metadata());
  }

  /** Every association of every memory the demo touched, as text, from one device. */
  private static Set<String> snapshot(DemoDevice device) {
    Set<String> memories = new TreeSet<>();
    Stream.of("coffee", "insomnia", "melatonin", "espresso", "sleep-study", "well-rested", "tea")
        .forEach(memories::add);
    Set<String> all = new TreeSet<>();
    for (String memory : memories) {
      for (Association association :
          device
              .graph()
              .associations()
              .associationsOf(MemoryHash.of(memory), Direction.BOTH, ALL_TYPES)) {
        all.add(version(association) + " created " + association.createdAt());
      }
    }
    return all;
  }

  private static Set<String> minus(Set<String> left, Set<String> right) {
    Set<String> difference = new LinkedHashSet<>(left);
    difference.removeAll(right);
    return difference;
  }

  private JsonNode cloudRow(RowKey key) {
    List<JsonNode> rows =
        d1.query(
            "SELECT hlc, causal_length, deleted, similarity FROM memory_graph"
                + " WHERE source_hash = ? AND target_hash = ?",
            key.source().value(),
            key.target().value());
    if (rows.isEmpty()) {
      throw failure("the cloud has no row " + key.source().value() + " -> " + key.target().value());
    }
    return rows.get(0);
  }

  private void awaitPushed(DemoDevice device) {
    await(
        "device " + device.name() + " to push its changes",
        () -> device.status().pending() == 0 && device.status().lastPush().isPresent());
  }

  /**
   * Waits until both devices pushed everything and then each pulled the change feed from start to
   * end at least once, so each has merged everything the other pushed.
   */
  private void settle() {
    awaitPushed(a);
    awaitPushed(b);
    Instant pushed = Instant.now();
    for (DemoDevice device : List.of(a, b)) {
      // The first pull ending after 'pushed' may have started before it; the next one did not.
      Instant first = awaitPullAfter(device, pushed);
      awaitPullAfter(device, first);
    }
  }

  private Instant awaitPullAfter(DemoDevice device, Instant after) {
    await(
        "device " + device.name() + " to pull from the cloud",
        () -> device.status().lastPull().filter(p -> p.isAfter(after)).isPresent());
    return device.status().lastPull().orElseThrow();
  }

  private void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw failure(
            "timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + lastErrors());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted while waiting for " + what);
      }
    }
  }

  private String lastErrors() {
    StringBuilder errors = new StringBuilder();
    for (DemoDevice device : Stream.of(a, b).filter(d -> d != null).toList()) {
      device
          .status()
          .lastError()
          .ifPresent(e -> errors.append("; device ").append(device.name()).append(": ").append(e));
    }
    return errors.toString();
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw failure(message);
    }
  }

  private static Failure failure(String message) {
    return new Failure(message);
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  /** Stops the devices, then the local D1; each step runs even when an earlier one failed. */
  private void stop() {
    List<AutoCloseable> started = new ArrayList<>();
    Stream.of(b, a).filter(d -> d != null).forEach(started::add);
    if (d1 != null) {
      started.add(d1);
    }
    for (AutoCloseable closeable : started) {
      try {
        closeable.close();
      } catch (Exception e) {
        out.println("  (stopping " + closeable + " failed: " + e.getMessage() + ")");
      }
    }
    out.flush();
  }

  /** Deletes a directory tree; used for the demo's temp directory. */
  public static void deleteTree(Path dir, Consumer<String> warn) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      warn.accept("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
