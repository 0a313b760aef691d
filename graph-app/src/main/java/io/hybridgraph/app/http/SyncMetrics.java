package io.hybridgraph.app.http;

import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncListener;
import io.hybridgraph.sync.port.in.SyncStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Sync figures as Micrometer meters: gauges read from {@link SyncControl#status()} (one status read
 * per second at most, however many gauges a scrape reads) and counters fed by sync events. Labels
 * hold only operation names and failure categories, never configuration or messages.
 */
final class SyncMetrics implements SyncListener {

  private static final long STATUS_TTL_MILLIS = 1_000;

  private final SyncControl sync;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter pushes;
  private final Counter pushedRows;
  private final Counter pulls;
  private final Counter pulledRows;
  private final Counter parkedRows;
  private SyncStatus cached;
  private long cachedAt;

  SyncMetrics(SyncControl sync, LocalRowsReport local, MeterRegistry registry, Clock clock) {
    this.sync = sync;
    Gauge.builder(
            "hybrid.graph.sync.held.deletions",
            local,
            report -> report.counts().heldDeletionAssociations())
        .description("deletions by another program held by the mass-deletion guard")
        .register(registry);
    Gauge.builder(
            "hybrid.graph.sync.held.back.rows", local, report -> report.counts().heldBackRows())
        .description("replicated rows this device's view holds back (memory missing, ...)")
        .register(registry);
    Gauge.builder(
            "hybrid.graph.sync.set.aside.rows", local, report -> report.counts().setAsideRows())
        .description("rows set aside because they could not be read")
        .register(registry);
    this.registry = registry;
    this.clock = clock;
    gauge(
        "hybrid.graph.sync.enabled",
        null,
        "1 when sync with the cloud is on",
        s -> s.enabled() ? 1 : 0);
    gauge("hybrid.graph.sync.queue.depth", null, "changes waiting to be pushed", s -> s.pending());
    gauge(
        "hybrid.graph.sync.oldest.pending.age",
        "seconds",
        "age of the oldest change waiting to be pushed (0 when none)",
        s -> s.oldestPendingAge().map(d -> d.toMillis() / 1000.0).orElse(0.0));
    gauge(
        "hybrid.graph.sync.parked.changes",
        null,
        "changes set aside after failures",
        s -> s.parked());
    gauge(
        "hybrid.graph.sync.last.push.timestamp",
        "seconds",
        "epoch seconds of the last successful push (0 when never)",
        s -> epochSeconds(s.lastPush()));
    gauge(
        "hybrid.graph.sync.last.pull.timestamp",
        "seconds",
        "epoch seconds of the last successful pull (0 when never)",
        s -> epochSeconds(s.lastPull()));
    gauge(
        "hybrid.graph.sync.last.success.timestamp",
        "seconds",
        "epoch seconds of the last successful push or pull (0 when never)",
        s -> Math.max(epochSeconds(s.lastPush()), epochSeconds(s.lastPull())));
    gauge(
        "hybrid.graph.sync.consecutive.failures",
        null,
        "sync rounds failed in a row (0 after a success)",
        s -> s.consecutiveFailures());
    gauge(
        "hybrid.graph.sync.held",
        null,
        "1 while sync is held because the cloud refused this device's access",
        s -> SyncStatus.HELD.equals(s.state()) ? 1 : 0);
    this.pushes = counter("hybrid.graph.sync.pushes", "push requests the cloud acknowledged");
    this.pushedRows = counter("hybrid.graph.sync.pushed.rows", "rows the cloud acknowledged");
    this.pulls = counter("hybrid.graph.sync.pulls", "pulls of the cloud's change feed");
    this.pulledRows = counter("hybrid.graph.sync.pulled.rows", "rows read from the change feed");
    this.parkedRows = counter("hybrid.graph.sync.parked.rows", "rows set aside after failures");
    // Registered up front so that the series exists before the first failure.
    failures("push", FailureCategory.UNAVAILABLE);
  }

  private interface Reading {
    double read(SyncStatus status);
  }

  private void gauge(String name, String unit, String description, Reading reading) {
    Gauge.Builder<SyncMetrics> builder =
        Gauge.builder(name, this, m -> reading.read(m.status())).description(description);
    if (unit != null) {
      builder.baseUnit(unit);
    }
    builder.register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private Counter failures(String operation, FailureCategory category) {
    return Counter.builder("hybrid.graph.sync.failures")
        .description("failed sync rounds, by operation and reason category")
        .tag("operation", operation)
        .tag("reason", category.label())
        .register(registry);
  }

  private synchronized SyncStatus status() {
    long now = clock.millis();
    if (cached == null || now - cachedAt >= STATUS_TTL_MILLIS) {
      cached = sync.status();
      cachedAt = now;
    }
    return cached;
  }

  private static double epochSeconds(Optional<Instant> instant) {
    return instant.map(i -> i.toEpochMilli() / 1000.0).orElse(0.0);
  }

  @Override
  public void onEvent(SyncEvent event) {
    if (event instanceof SyncEvent.Pushed p) {
      pushes.increment();
      pushedRows.increment(p.rows());
    } else if (event instanceof SyncEvent.Pulled p) {
      pulls.increment();
      pulledRows.increment(p.rows());
    } else if (event instanceof SyncEvent.Parked p) {
      parkedRows.increment(p.rows());
    } else if (event instanceof SyncEvent.Failed f) {
      failures(f.operation(), f.category()).increment();
    }
  }
}
