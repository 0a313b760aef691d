package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A view of a remote graph that injects seeded faults: errors before applying, acknowledgements
 * lost after applying, rejections, Retry-After, duplicated and reordered pull pages, a crash of the
 * caller after the remote applied a push, and a defect: while it is on, every call throws an
 * exception sync does not expect (not a {@link RemoteGraphException}).
 */
final class FaultyRemote extends ForwardingRemoteGraph {

  /** Thrown to simulate the device dying after the remote applied its push. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("simulated crash after the remote applied the push");
    }
  }

  /** Thrown by every call while a defect is on. */
  static final class Defect extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Defect(String message) {
      super(message);
    }
  }

  private final Random random;
  private String defect;
  private double faultRate;
  private boolean crashOnNextPush;

  FaultyRemote(RemoteGraph target, Random random, double faultRate) {
    super(target);
    this.random = random;
    this.faultRate = faultRate;
  }

  void heal() {
    faultRate = 0;
    crashOnNextPush = false;
    defect = null;
  }

  /** From now on every call throws a {@link Defect} with this message, until {@link #fix()}. */
  void breakDown(String message) {
    defect = message;
  }

  void fix() {
    defect = null;
  }

  boolean broken() {
    return defect != null;
  }

  private void throwIfBroken() {
    if (defect != null) {
      throw new Defect(defect);
    }
  }

  void crashOnNextPush() {
    crashOnNextPush = true;
  }

  @Override
  public PushResult push(PushBatch batch) {
    if (crashOnNextPush) {
      crashOnNextPush = false;
      super.push(batch);
      throw new Crash();
    }
    throwIfBroken();
    if (random.nextDouble() < faultRate) {
      switch (random.nextInt(4)) {
        case 0 ->
            throw new RemoteGraphException.Unavailable("HTTP 503 overloaded", 503, null, null);
        case 1 -> {
          super.push(batch);
          throw new RemoteGraphException.Unavailable(
              "connection reset after the request was sent", null, null, null);
        }
        case 2 ->
            throw new RemoteGraphException.Unavailable(
                "HTTP 429 rate limited", 971, Duration.ofSeconds(1 + random.nextInt(30)), null);
        default ->
            throw new RemoteGraphException.Rejected("HTTP 400 simulated rejection", 7500, null);
      }
    }
    return super.push(batch);
  }

  @Override
  public ChangePage pull(long cursor, int limit) {
    throwIfBroken();
    if (random.nextDouble() < faultRate) {
      if (random.nextBoolean()) {
        throw new RemoteGraphException.Unavailable("HTTP 502 bad gateway", 502, null, null);
      }
      ChangePage page = super.pull(cursor, limit);
      List<Change> messy = new ArrayList<>(page.changes());
      for (Change change : page.changes()) {
        if (random.nextBoolean()) {
          messy.add(change);
        }
      }
      Collections.shuffle(messy, random);
      return new ChangePage(messy, page.lastSequence(), page.hasMore());
    }
    return super.pull(cursor, limit);
  }

  @Override
  public long headSequence() {
    throwIfBroken();
    return super.headSequence();
  }

  @Override
  public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
    throwIfBroken();
    return super.bucketDigests();
  }

  @Override
  public List<ReplicatedRow> bucketRows(int bucket) {
    throwIfBroken();
    return super.bucketRows(bucket);
  }
}
