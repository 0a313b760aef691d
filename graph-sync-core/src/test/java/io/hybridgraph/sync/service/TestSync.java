package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.out.AccessAdvice;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The one place tests build a device's sync services: {@link SyncParts#build}, as production does,
 * over a SQLite store (every store port) and a remote, with test defaults that a test overrides
 * where it matters: {@link SyncFixtures#config(int, int, int) config(100, 100, 5)}, jitter 1.0 (no
 * randomness: every backoff is its full delay), a remote that needs no preparation, advice that
 * names no setting, and an initial sync that waits by moving a {@link MutableClock} (or sleeps, on
 * any other clock).
 */
final class TestSync {

  private final SqliteGraphStore store;
  private final RemoteGraph remote;
  private final Clock clock;
  private SyncConfig config = SyncFixtures.config(100, 100, 5);
  private DoubleSupplier random = () -> 1.0;
  private ChangeOutbox outbox;
  private ReplicaStore replica;
  private SyncStateStore state;
  private RemotePreparation preparation = () -> {};
  private AccessAdvice advice = refusal -> "fix the test remote's credentials";
  private InitialSync.Sleeper sleeper;

  private TestSync(SqliteGraphStore store, RemoteGraph remote, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.remote = Objects.requireNonNull(remote, "remote");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outbox = store.outbox();
    this.replica = store.replica();
    this.state = store.syncState();
    this.sleeper =
        clock instanceof MutableClock mutable
            ? mutable::advance
            : duration -> Thread.sleep(duration.toMillis());
  }

  /** Sync of the device {@code store} against {@code remote}, on {@code clock}. */
  static TestSync of(SqliteGraphStore store, RemoteGraph remote, Clock clock) {
    return new TestSync(store, remote, clock);
  }

  TestSync config(SyncConfig newConfig) {
    this.config = newConfig;
    return this;
  }

  TestSync random(DoubleSupplier newRandom) {
    this.random = newRandom;
    return this;
  }

  /** Another replica store in front of the store's (a recording decorator, say). */
  TestSync replica(ReplicaStore newReplica) {
    this.replica = newReplica;
    return this;
  }

  /** Another sync state store in front of the store's (a counting decorator, say). */
  TestSync state(SyncStateStore newState) {
    this.state = newState;
    return this;
  }

  TestSync preparation(RemotePreparation newPreparation) {
    this.preparation = newPreparation;
    return this;
  }

  TestSync advice(AccessAdvice newAdvice) {
    this.advice = newAdvice;
    return this;
  }

  TestSync sleeper(InitialSync.Sleeper newSleeper) {
    this.sleeper = newSleeper;
    return this;
  }

  SyncParts build() {
    return SyncParts.build(
        outbox,
        replica,
        state,
        remote,
        preparation,
        advice,
        store.deviceId(),
        config,
        clock,
        random,
        sleeper);
  }
}
