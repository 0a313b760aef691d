package io.hybridgraph.sync.service;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.in.DeleteAssociationUseCase;
import io.hybridgraph.domain.port.in.FindConnectedUseCase;
import io.hybridgraph.domain.port.in.FindShortestPathUseCase;
import io.hybridgraph.domain.port.in.GetAssociationsUseCase;
import io.hybridgraph.domain.port.in.GetSubgraphUseCase;
import io.hybridgraph.domain.port.in.GraphStatisticsUseCase;
import io.hybridgraph.domain.port.in.ReviewHeldDeletionsUseCase;
import io.hybridgraph.domain.port.in.ReviewLocalRowsUseCase;
import io.hybridgraph.domain.port.in.StoreAssociationUseCase;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.port.out.LocalChangeListener;
import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.domain.service.LocalReviewService;

/**
 * The graph use cases over whatever store module is installed beside it, each bound to the domain's
 * {@link GraphService}, which tells the bound {@link LocalChangeListener} of every committed local
 * change, and the review use cases (held deletions, set-aside and held-back rows) bound to the
 * domain's {@link LocalReviewService}.
 */
final class CoreModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(StoreAssociationUseCase.class).to(GraphService.class);
    bind(DeleteAssociationUseCase.class).to(GraphService.class);
    bind(GetAssociationsUseCase.class).to(GraphService.class);
    bind(FindConnectedUseCase.class).to(GraphService.class);
    bind(FindShortestPathUseCase.class).to(GraphService.class);
    bind(GetSubgraphUseCase.class).to(GraphService.class);
    bind(GraphStatisticsUseCase.class).to(GraphService.class);
    bind(ReviewHeldDeletionsUseCase.class).to(LocalReviewService.class);
    bind(ReviewLocalRowsUseCase.class).to(LocalReviewService.class);
  }

  @Provides
  @Singleton
  LocalReviewService localReview(
      HeldDeletions deletions,
      SetAsideRows setAside,
      ViewHolds holds,
      LocalChangeListener changes) {
    return new LocalReviewService(deletions, setAside, holds, changes);
  }

  @Provides
  @Singleton
  GraphService graphService(AssociationStore store, GraphIndex index, LocalChangeListener changes) {
    return new GraphService(store, index, changes);
  }
}
