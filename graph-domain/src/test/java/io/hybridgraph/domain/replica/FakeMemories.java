package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.MemoryHash;
import java.util.Set;

/** A {@code memories} table holding exactly the given memories. */
record FakeMemories(Set<String> hashes) implements MemoryCatalog {

  static FakeMemories of(String... hashes) {
    return new FakeMemories(Set.of(hashes));
  }

  @Override
  public boolean present() {
    return true;
  }

  @Override
  public boolean has(MemoryHash memory) {
    return hashes.contains(memory.value());
  }
}
