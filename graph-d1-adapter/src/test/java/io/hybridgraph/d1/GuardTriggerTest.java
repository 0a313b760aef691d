package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guard trigger's DDL is in the form Cloudflare's statement splitter is known to accept: one
 * statement (one batch entry) per trigger, every {@code CASE ... END} in parentheses.
 */
class GuardTriggerTest {

  private static final Pattern CASE = Pattern.compile("\\bCASE\\b");

  @Test
  void everyForm_isOneCreateTrigger_withEveryCaseInParentheses() {
    for (String ddl :
        List.of(
            GuardTrigger.restamping(), GuardTrigger.mirroring(), GuardTrigger.mirroringByKey())) {
      assertThat(ddl).startsWith("CREATE TRIGGER").endsWith(" END");
      Matcher cases = CASE.matcher(ddl);
      int count = 0;
      while (cases.find()) {
        count++;
        assertThat(ddl.charAt(cases.start() - 1)).as("before CASE in %s", ddl).isEqualTo('(');
      }
      assertThat(count).isPositive();
      assertThat(ddl.split("END\\)", -1).length - 1).isEqualTo(count);
      assertThat(ddl.indexOf("CREATE TRIGGER", 1)).isEqualTo(-1);
    }
  }

  @Test
  void theFormOfSchema6_findsRowsByKey_notByRowid() {
    assertThat(GuardTrigger.mirroringByKey())
        .doesNotContain("rowid")
        .contains("WHERE source_hash = NEW.source_hash AND target_hash = NEW.target_hash")
        .contains(
            "WHERE edited.source_hash = NEW.source_hash AND edited.target_hash = NEW.target_hash");
    assertThat(GuardTrigger.mirroring()).contains("rowid = NEW.rowid");
  }
}
