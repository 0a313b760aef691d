package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.out.AccessAdvice;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.time.Clock;
import java.util.function.DoubleSupplier;

/**
 * The sync services of one device whose sync is on, built and wired together in one place: what
 * {@link SyncModule} provides and what the tests drive. The ledger, the health, the remote hold and
 * the event fan-out are shared by the pusher, the puller, the initial sync and the drift detector;
 * the service owns the threads; the control answers people.
 */
record SyncParts(
    SyncLedger ledger,
    SyncHealth health,
    RemoteHold hold,
    Pusher pusher,
    Puller puller,
    InitialSync initialSync,
    DriftDetector drift,
    SyncService service,
    ActiveSync control,
    SyncEvents events) {

  /**
   * Builds the services over the store ports and the remote.
   *
   * @param advice what to fix when the remote refuses access, for the status
   * @param random the jitter of every backoff, uniform in [0, 1)
   * @param sleeper how the initial sync waits between retries
   */
  static SyncParts build(
      ChangeOutbox outbox,
      ReplicaStore replica,
      SyncStateStore state,
      RemoteGraph remote,
      RemotePreparation preparation,
      AccessAdvice advice,
      DeviceId device,
      SyncConfig config,
      Clock clock,
      DoubleSupplier random,
      InitialSync.Sleeper sleeper) {
    SyncEvents events = new SyncEvents();
    Backoff backoff = new Backoff(config, random);
    SyncLedger ledger = new SyncLedger(state);
    SyncHealth health = new SyncHealth(ledger, events, advice, config.accessRetryInterval(), clock);
    RemoteHold hold = new RemoteHold(backoff, config.accessRetryInterval(), health, outbox, clock);
    Pusher pusher =
        new Pusher(outbox, replica, remote, device, ledger, hold, config, clock, events);
    Puller puller = new Puller(replica, remote, ledger, hold, config, clock, events);
    InitialSync initialSync =
        new InitialSync(
            replica, remote, device, ledger, hold, puller, backoff, config, clock, events, sleeper);
    DriftDetector drift = new DriftDetector(replica, remote, device, ledger, clock);
    SyncService service =
        new SyncService(preparation, pusher, puller, hold, initialSync, config, clock);
    ActiveSync control =
        new ActiveSync(
            service,
            pusher,
            initialSync,
            drift,
            outbox,
            ledger,
            hold,
            health,
            config,
            events,
            clock);
    return new SyncParts(
        ledger, health, hold, pusher, puller, initialSync, drift, service, control, events);
  }
}
