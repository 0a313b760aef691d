package io.hybridgraph.benchmarks;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A random association graph: {@code associations} distinct pairs drawn uniformly from {@code
 * memories} memories named by 64-hex-character hashes, about half of them symmetric ({@code
 * related} or {@code contradicts}) and half directed ({@code causes}, {@code fixes}, {@code
 * supports}, {@code follows}) in a random direction. The same {@link Random} seed always yields the
 * same graph.
 *
 * @param memories every memory of the graph, whether or not an association reached it
 * @param linked the memories with at least one association, from which queries start
 */
record RandomGraph(
    Shape shape,
    List<MemoryHash> memories,
    List<MemoryHash> linked,
    List<Association> associations) {

  /** How many memories a graph spreads its associations over. */
  enum Shape {
    /** One memory per two associations: four associations per memory on average. */
    SPARSE(2),
    /** One memory per ten associations: twenty associations per memory on average. */
    DENSE(10);

    private final int associationsPerMemory;

    Shape(int associationsPerMemory) {
      this.associationsPerMemory = associationsPerMemory;
    }

    int memoriesFor(int associations) {
      return Math.max(2, associations / associationsPerMemory);
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final RelationshipType[] SYMMETRIC = {
    RelationshipType.RELATED, RelationshipType.CONTRADICTS
  };
  private static final RelationshipType[] DIRECTED = {
    RelationshipType.CAUSES,
    RelationshipType.FIXES,
    RelationshipType.SUPPORTS,
    RelationshipType.FOLLOWS
  };
  private static final List<ConnectionTypes> CONNECTION_TYPES =
      List.of(
          ConnectionTypes.of("semantic"),
          ConnectionTypes.of("temporal"),
          ConnectionTypes.of("semantic", "temporal"));
  private static final double FIRST_CREATED_AT = 1_750_000_000.0;

  RandomGraph {
    memories = List.copyOf(memories);
    linked = List.copyOf(linked);
    associations = List.copyOf(associations);
  }

  static RandomGraph generate(Shape shape, int associations, Random random) {
    int memoryCount = shape.memoriesFor(associations);
    long possiblePairs = (long) memoryCount * (memoryCount - 1) / 2;
    if (associations > possiblePairs) {
      throw new IllegalArgumentException(
          associations + " associations do not fit among " + memoryCount + " memories");
    }
    List<MemoryHash> memories = new ArrayList<>(memoryCount);
    Set<String> names = new HashSet<>();
    while (memories.size() < memoryCount) {
      String hash =
          String.format(
              "%016x%016x%016x%016x",
              random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      if (names.add(hash)) {
        memories.add(MemoryHash.of(hash));
      }
    }
    boolean[] isLinked = new boolean[memoryCount];
    Set<Long> pairs = new HashSet<>();
    List<Association> drawn = new ArrayList<>(associations);
    while (drawn.size() < associations) {
      int a = random.nextInt(memoryCount);
      int b = random.nextInt(memoryCount);
      if (a == b || !pairs.add((long) Math.min(a, b) * memoryCount + Math.max(a, b))) {
        continue;
      }
      isLinked[a] = true;
      isLinked[b] = true;
      RelationshipType type =
          random.nextBoolean()
              ? SYMMETRIC[random.nextInt(SYMMETRIC.length)]
              : DIRECTED[random.nextInt(DIRECTED.length)];
      double similarity = Math.round((0.3 + 0.7 * random.nextDouble()) * 1000) / 1000.0;
      drawn.add(
          new Association(
              memories.get(a),
              memories.get(b),
              type,
              Similarity.of(similarity),
              CONNECTION_TYPES.get(random.nextInt(CONNECTION_TYPES.size())),
              Metadata.of(Map.of("discovered_by", "benchmark", "batch", (long) drawn.size() / 100)),
              FIRST_CREATED_AT + drawn.size()));
    }
    List<MemoryHash> linked = new ArrayList<>();
    for (int i = 0; i < memoryCount; i++) {
      if (isLinked[i]) {
        linked.add(memories.get(i));
      }
    }
    return new RandomGraph(shape, memories, linked, drawn);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%s graph, %,d associations, %,d memories",
        shape.label(),
        associations.size(),
        memories.size());
  }
}
