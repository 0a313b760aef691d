package io.hybridgraph.d1.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own, freshly wiped database of a real local D1 (Cloudflare's workerd
 * through Miniflare, see {@code local-d1/}). One server runs per JVM, started on first use and
 * stopped at JVM exit. Inject {@link LocalD1Database} into the test constructor, a lifecycle method
 * or a test method.
 *
 * <p>If Node.js or the local D1 is missing the test fails with a message saying so; it is never
 * skipped.
 *
 * <pre>{@code
 * @ExtendWith(LocalD1Extension.class)
 * class MyD1Test {
 *   MyD1Test(LocalD1Database db) { ... db.config().build() ... }
 * }
 * }</pre>
 */
public final class LocalD1Extension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalD1Extension.class);
  private static final String KEY = "database";

  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put(KEY, LocalD1Server.get().lease());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalD1Database database = store(context).remove(KEY, LocalD1Database.class);
    if (database != null) {
      database.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalD1Database.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    for (ExtensionContext current = context;
        current != null;
        current = current.getParent().orElse(null)) {
      LocalD1Database database = current.getStore(NAMESPACE).get(KEY, LocalD1Database.class);
      if (database != null) {
        return database;
      }
    }
    throw new IllegalStateException(
        "no local D1 database is leased for "
            + context.getDisplayName()
            + "; register LocalD1Extension on the test class");
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }
}
