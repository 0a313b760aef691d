package io.hybridgraph.sync;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A view of a remote graph that injects seeded faults: errors before applying, acknowledgements
 * lost after applying, rejections, Retry-After, duplicated and reordered pull pages, and a crash of
 * the caller after the remote applied a push.
 */
final class FaultyRemote implements RemoteGraph {

  /** Thrown to simulate the device dying after the remote applied its push. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("simulated crash after the remote applied the push");
    }
  }

  private final RemoteGraph target;
  private final Random random;
  private double faultRate;
  private boolean crashOnNextPush;

  FaultyRemote(RemoteGraph target, Random random, double faultRate) {
    this.target = target;
    this.random = random;
    this.faultRate = faultRate;
  }

  void heal() {
    faultRate = 0;
    crashOnNextPush = false;
  }

  void crashOnNextPush() {
    crashOnNextPush = true;
  }

  @Override
  public PushResult push(PushBatch batch) {
    if (crashOnNextPush) {
      crashOnNextPush = false;
      target.push(batch);
      throw new Crash();
    }
    if (random.nextDouble() < faultRate) {
      switch (random.nextInt(4)) {
        case 0 ->
            throw new RemoteGraphException.Unavailable("HTTP 503 overloaded", 503, null, null);
        case 1 -> {
          target.push(batch);
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
    return target.push(batch);
  }

  @Override
  public ChangePage pull(long cursor, int limit) {
    if (random.nextDouble() < faultRate) {
      if (random.nextBoolean()) {
        throw new RemoteGraphException.Unavailable("HTTP 502 bad gateway", 502, null, null);
      }
      ChangePage page = target.pull(cursor, limit);
      List<Change> messy = new ArrayList<>(page.changes());
      for (Change change : page.changes()) {
        if (random.nextBoolean()) {
          messy.add(change);
        }
      }
      Collections.shuffle(messy, random);
      return new ChangePage(messy, page.lastSequence(), page.hasMore());
    }
    return target.pull(cursor, limit);
  }

  @Override
  public List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    return target.scan(after, limit);
  }

  @Override
  public long sizeBytes() {
    return target.sizeBytes();
  }

  @Override
  public long headSequence() {
    return target.headSequence();
  }

  @Override
  public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
    return target.bucketDigests();
  }

  @Override
  public List<ReplicatedRow> bucketRows(int bucket) {
    return target.bucketRows(bucket);
  }
}
