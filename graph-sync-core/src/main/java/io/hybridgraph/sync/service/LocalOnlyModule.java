package io.hybridgraph.sync.service;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.LocalChangeListener;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import java.util.Objects;

/**
 * Wiring for a device without sync: the graph works locally, changes wait in the outbox with nobody
 * woken, and sync operations fail with the given explanation of how to turn sync on. Install
 * instead of {@link SyncModule}. Needs bindings for the store ports from other modules.
 */
public final class LocalOnlyModule extends AbstractModule {

  private final String howToEnable;

  /**
   * @param howToEnable what the user should set to turn sync on, for the {@code
   *     SyncDisabledException} of every sync operation
   */
  public LocalOnlyModule(String howToEnable) {
    this.howToEnable = Objects.requireNonNull(howToEnable, "howToEnable");
  }

  @Override
  protected void configure() {
    install(new CoreModule());
    bind(LocalChangeListener.class).toInstance(LocalChangeListener.NONE);
  }

  @Provides
  @Singleton
  DisabledSync disabledSync(ChangeOutbox outbox) {
    return new DisabledSync(outbox, howToEnable);
  }

  @Provides
  @Singleton
  SyncControl syncControl(DisabledSync disabled) {
    return disabled;
  }

  @Provides
  @Singleton
  SyncLifecycle syncLifecycle(DisabledSync disabled) {
    return disabled;
  }
}
