package io.hybridgraph.sync;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.service.GraphService;

/** The graph use cases over whatever store module is installed beside it. */
final class CoreModule extends AbstractModule {

  @Provides
  @Singleton
  GraphService graphService(AssociationStore store, GraphIndex index) {
    return new GraphService(store, index);
  }
}
