package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory adjacency list of association rows, the {@link GraphSnapshot} traversals run on.
 *
 * <p>Fed with the rows of {@code memory_graph}: a directed row is listed as outgoing at its source
 * and incoming at its target; a symmetric row is listed at its source only, so the two mirror rows
 * of a symmetric relationship list it once at each end. Memory ids are dense and never reused; a
 * memory that loses all its edges keeps its id with degree 0.
 *
 * <p>Not thread-safe: the owner serialises writers against readers.
 */
public final class AdjacencyIndex implements GraphSnapshot {

  private static final RelationshipType[] TYPES = RelationshipType.values();
  private static final EdgeOrientation[] ORIENTATIONS = EdgeOrientation.values();

  private final Map<MemoryHash, Integer> ids = new HashMap<>();
  private final List<MemoryHash> memories = new ArrayList<>();
  private final List<Edges> edges = new ArrayList<>();
  private long rows;

  /** Adds a row, replacing the row with the same key if there is one. */
  public void put(Association row) {
    remove(row.key());
    int source = intern(row.source());
    int target = intern(row.target());
    double similarity = row.similarity().value();
    if (row.isSymmetric()) {
      edges.get(source).add(target, row.type(), EdgeOrientation.SYMMETRIC, similarity);
    } else {
      edges.get(source).add(target, row.type(), EdgeOrientation.OUTGOING, similarity);
      edges.get(target).add(source, row.type(), EdgeOrientation.INCOMING, similarity);
    }
    rows++;
  }

  /** Removes the row with this key; false when there was none. */
  public boolean remove(RowKey key) {
    Integer source = ids.get(key.source());
    Integer target = ids.get(key.target());
    if (source == null || target == null) {
      return false;
    }
    EdgeOrientation removed = edges.get(source).removeRow(target);
    if (removed == null) {
      return false;
    }
    if (removed == EdgeOrientation.OUTGOING) {
      edges.get(target).removeIncoming(source);
    }
    rows--;
    return true;
  }

  /** Drops everything. */
  public void clear() {
    ids.clear();
    memories.clear();
    edges.clear();
    rows = 0;
  }

  /** How many rows the index holds. */
  public long rowCount() {
    return rows;
  }

  private int intern(MemoryHash memory) {
    Integer id = ids.get(memory);
    if (id != null) {
      return id;
    }
    int next = memories.size();
    ids.put(memory, next);
    memories.add(memory);
    edges.add(new Edges());
    return next;
  }

  @Override
  public int nodeCount() {
    return memories.size();
  }

  @Override
  public int idOf(MemoryHash memory) {
    Integer id = ids.get(memory);
    return id == null ? -1 : id;
  }

  @Override
  public MemoryHash memory(int id) {
    return memories.get(id);
  }

  @Override
  public int degree(int id) {
    return edges.get(id).size;
  }

  @Override
  public int neighbour(int id, int index) {
    return edges.get(id).neighbours[index];
  }

  @Override
  public RelationshipType type(int id, int index) {
    return TYPES[edges.get(id).kinds[index] >> 2];
  }

  @Override
  public EdgeOrientation orientation(int id, int index) {
    return ORIENTATIONS[edges.get(id).kinds[index] & 3];
  }

  @Override
  public double similarity(int id, int index) {
    return edges.get(id).similarities[index];
  }

  /** The edges of one memory in parallel arrays. */
  private static final class Edges {
    int size;
    int[] neighbours = new int[4];
    byte[] kinds = new byte[4];
    double[] similarities = new double[4];

    void add(int neighbour, RelationshipType type, EdgeOrientation orientation, double similarity) {
      if (size == neighbours.length) {
        int capacity = size * 2;
        neighbours = Arrays.copyOf(neighbours, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        similarities = Arrays.copyOf(similarities, capacity);
      }
      neighbours[size] = neighbour;
      kinds[size] = (byte) (type.ordinal() << 2 | orientation.ordinal());
      similarities[size] = similarity;
      size++;
    }

    /** Removes the row towards {@code neighbour} listed here (outgoing or symmetric). */
    EdgeOrientation removeRow(int neighbour) {
      for (int i = 0; i < size; i++) {
        EdgeOrientation orientation = ORIENTATIONS[kinds[i] & 3];
        if (neighbours[i] == neighbour && orientation != EdgeOrientation.INCOMING) {
          removeAt(i);
          return orientation;
        }
      }
      return null;
    }

    void removeIncoming(int neighbour) {
      for (int i = 0; i < size; i++) {
        if (neighbours[i] == neighbour && ORIENTATIONS[kinds[i] & 3] == EdgeOrientation.INCOMING) {
          removeAt(i);
          return;
        }
      }
    }

    private void removeAt(int i) {
      int last = size - 1;
      neighbours[i] = neighbours[last];
      kinds[i] = kinds[last];
      similarities[i] = similarities[last];
      size = last;
    }
  }
}
