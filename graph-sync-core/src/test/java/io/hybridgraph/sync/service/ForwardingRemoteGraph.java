package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.util.List;
import java.util.Map;

/**
 * A remote graph that hands every call to another one; test decorators (faults, scripts, counters)
 * override only the calls they change.
 */
abstract class ForwardingRemoteGraph implements RemoteGraph {

  private final RemoteGraph target;

  ForwardingRemoteGraph(RemoteGraph target) {
    this.target = target;
  }

  @Override
  public PushResult push(PushBatch batch) {
    return target.push(batch);
  }

  @Override
  public ChangePage pull(long cursor, int limit) {
    return target.pull(cursor, limit);
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
