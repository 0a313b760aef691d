package io.hybridgraph.app.view;

import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.sync.port.in.DriftReport;
import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.PushReport;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the HTTP API and of the CLI's {@code --json} output, as ordered maps with
 * snake_case keys close to the Python memory service's graph tools. Instants are ISO-8601 text,
 * durations are seconds. Nothing here ever holds a secret.
 */
public final class Views {

  private Views() {}

  /** An association as the Python service's {@code get_associations} returns it. */
  public static Map<String, Object> association(Association a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source_hash", a.source().value());
    out.put("target_hash", a.target().value());
    out.put("similarity", a.similarity().value());
    out.put("connection_types", a.connectionTypes().values());
    out.put("metadata", a.metadata().values());
    out.put("created_at", a.createdAt());
    out.put("relationship_type", a.type().wireName());
    return out;
  }

  public static List<Map<String, Object>> associations(List<Association> list) {
    return list.stream().map(Views::association).toList();
  }

  public static List<Map<String, Object>> connected(List<ConnectedMemory> list) {
    return list.stream()
        .map(
            c -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("hash", c.memory().value());
              out.put("distance", c.distance());
              return out;
            })
        .toList();
  }

  public static Map<String, Object> path(GraphPath path) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", path.memories().stream().map(MemoryHash::value).toList());
    out.put(
        "relationships", path.relationships().stream().map(RelationshipType::wireName).toList());
    out.put("length", path.hops());
    return out;
  }

  public static Map<String, Object> subgraph(Subgraph subgraph) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("center", subgraph.center().value());
    out.put(
        "nodes",
        subgraph.nodes().stream()
            .map(
                n -> {
                  Map<String, Object> node = new LinkedHashMap<>();
                  node.put("hash", n.memory().value());
                  node.put("distance", n.distance());
                  return node;
                })
            .toList());
    out.put(
        "edges",
        subgraph.edges().stream()
            .map(
                e -> {
                  Map<String, Object> edge = new LinkedHashMap<>();
                  edge.put("source", e.source().value());
                  edge.put("target", e.target().value());
                  edge.put("relationship_type", e.type().wireName());
                  edge.put("similarity", e.similarity());
                  edge.put("directed", e.directed());
                  edge.put("connection_types", e.connectionTypes().values());
                  edge.put("metadata", e.metadata().values());
                  return edge;
                })
            .toList());
    out.put("truncated", subgraph.truncated());
    return out;
  }

  public static Map<String, Object> statistics(GraphStatistics s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total_relationships", s.relationships());
    out.put("total_rows", s.rows());
    out.put("total_memories", s.memories());
    out.put("symmetric_relationships", s.symmetricRelationships());
    out.put("directed_relationships", s.directedRelationships());
    Map<String, Object> byType = new LinkedHashMap<>();
    for (RelationshipType type : RelationshipType.values()) {
      byType.put(type.wireName(), s.relationshipsByType().getOrDefault(type, 0L));
    }
    out.put("relationships_by_type", byType);
    out.put("kept_local_rows", s.keptLocal());
    out.put("kept_local_by_type", new java.util.TreeMap<>(s.keptLocalByType()));
    return out;
  }

  public static Map<String, Object> status(SyncStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", s.enabled());
    out.put("state", s.state());
    out.put("pending", s.pending());
    out.put("parked", s.parked());
    out.put("oldest_pending_age_seconds", s.oldestPendingAge().map(Views::seconds).orElse(null));
    out.put("next_attempt", text(s.nextAttempt()));
    out.put("last_push", text(s.lastPush()));
    out.put("last_pull", text(s.lastPull()));
    out.put("cursor", s.cursor());
    out.put(
        "cloud_size_bytes", s.cloudSizeBytes().isPresent() ? s.cloudSizeBytes().getAsLong() : null);
    out.put("cloud_size_limit_bytes", s.cloudSizeLimitBytes());
    out.put("cloud_usage", s.cloudUsage().orElse(null));
    out.put("last_error", s.lastError().orElse(null));
    out.put("last_error_at", text(s.lastErrorAt()));
    out.put("last_error_category", s.lastErrorCategory().map(FailureCategory::label).orElse(null));
    out.put("consecutive_failures", s.consecutiveFailures());
    out.put("failing_since", text(s.failingSince()));
    out.put("held_reason", s.heldReason().orElse(null));
    out.put("held_until", text(s.heldUntil()));
    out.put("push_held_until", text(s.pushHeldUntil()));
    out.put("initial_upload_done", s.initialUploadDone());
    out.put("initial_sync_progress", s.initialSyncProgress().map(Views::progress).orElse(null));
    out.put("parked_changes", s.parkedChanges().stream().map(Views::parked).toList());
    return out;
  }

  public static Map<String, Object> pushReport(PushReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pushed", r.pushed());
    out.put("parked", r.parked());
    out.put("failed", r.failed());
    out.put("remaining", r.remaining());
    return out;
  }

  public static Map<String, Object> driftReport(DriftReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("buckets_compared", r.bucketsCompared());
    out.put("buckets_differing", r.bucketsDiffering());
    out.put("rows_read", r.rowsRead());
    out.put("pushed", r.pushed());
    out.put("merged", r.merged());
    out.put("repaired", r.repaired());
    out.put("elapsed_seconds", seconds(r.elapsed()));
    return out;
  }

  public static Map<String, Object> initialResult(InitialSyncResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uploaded", r.uploaded());
    out.put("downloaded", r.downloaded());
    out.put("rejected", r.rejected());
    out.put("elapsed_seconds", seconds(r.elapsed()));
    return out;
  }

  /** The event name of a sync event on the event stream. */
  public static String eventName(SyncEvent event) {
    if (event instanceof SyncEvent.Pushed) {
      return "pushed";
    } else if (event instanceof SyncEvent.Pulled) {
      return "pulled";
    } else if (event instanceof SyncEvent.Parked) {
      return "parked";
    } else if (event instanceof SyncEvent.Failed) {
      return "failed";
    } else if (event instanceof SyncEvent.StateChanged) {
      return "status";
    } else {
      return "progress";
    }
  }

  public static Map<String, Object> event(SyncEvent event) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", eventName(event));
    out.put("at", event.at().toString());
    if (event instanceof SyncEvent.Pushed p) {
      out.put("rows", p.rows());
      out.put("queue_depth", p.queueDepth());
    } else if (event instanceof SyncEvent.Pulled p) {
      out.put("rows", p.rows());
      out.put("changed", p.changed());
      out.put("cursor", p.cursor());
    } else if (event instanceof SyncEvent.Parked p) {
      out.put("rows", p.rows());
      out.put("reason", p.reason());
    } else if (event instanceof SyncEvent.Failed f) {
      out.put("operation", f.operation());
      out.put("category", f.category().label());
      out.put("reason", f.reason());
      out.put("retry_in_seconds", seconds(f.retryIn()));
    } else if (event instanceof SyncEvent.StateChanged c) {
      out.put("state", c.state());
      out.put("reason", c.reason().orElse(null));
    } else if (event instanceof SyncEvent.Progress p) {
      out.putAll(progress(p));
    }
    return out;
  }

  public static Map<String, Object> progress(SyncEvent.Progress p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", p.phase().name().toLowerCase(java.util.Locale.ROOT));
    out.put("done", p.done());
    out.put("total", p.total());
    out.put("rows_per_second", p.rowsPerSecond());
    out.put("remaining_seconds", p.remaining().map(Views::seconds).orElse(null));
    out.put("finished", p.finished());
    return out;
  }

  private static Map<String, Object> parked(ChangeOutbox.Parked p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source_hash", p.key().source().value());
    out.put("target_hash", p.key().target().value());
    out.put("attempts", p.attempts());
    out.put("reason", p.reason());
    out.put("parked_at", Instant.ofEpochMilli(p.parkedAtMillis()).toString());
    return out;
  }

  /** An error body: {@code {"error": {"field": ..., "message": ...}}}. */
  public static Map<String, Object> error(String field, String message) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("field", field);
    inner.put("message", message);
    return Map.of("error", inner);
  }

  private static String text(Optional<Instant> instant) {
    return instant.map(Instant::toString).orElse(null);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
