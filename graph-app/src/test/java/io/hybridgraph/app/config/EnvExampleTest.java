package io.hybridgraph.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code .env.example} documents every setting, and its values are the defaults. */
class EnvExampleTest {

  private static Path envExample() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(".env.example");
      if (Files.isRegularFile(candidate) && Files.isDirectory(dir.resolve("graph-app"))) {
        return candidate;
      }
    }
    throw new AssertionError("no .env.example above " + Path.of("").toAbsolutePath());
  }

  private static List<String> variables(Class<?> settings) throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field field : settings.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && Modifier.isPublic(field.getModifiers())
          && field.getType() == String.class) {
        String value = (String) field.get(null);
        if (value.startsWith("HYBRID_GRAPH_") || value.startsWith("CLOUDFLARE_")) {
          names.add(value);
        }
      }
    }
    return names;
  }

  @Test
  void everySettingIsListed() throws Exception {
    String text = Files.readString(envExample());
    List<String> all = new ArrayList<>();
    all.addAll(variables(StoreSettings.class));
    all.addAll(variables(HttpSettings.class));
    all.addAll(variables(SyncSettings.class));
    all.addAll(variables(D1Settings.class));

    assertThat(all).hasSizeGreaterThan(20);
    for (String name : all) {
      assertThat(text).as(name).containsPattern("(?m)^" + name + "=");
    }
  }

  @Test
  void copiedToDotEnv_itGivesExactlyTheDefaults() throws IOException {
    Map<String, String> env = EnvironmentLoader.load(envExample(), true, Map.of());

    assertThat(AppConfig.fromEnvironment(env).summary())
        .isEqualTo(AppConfig.fromEnvironment(Map.of()).summary());
  }
}
