package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  private static final String TOKEN = "Zx81_qKv-3mT9pLw0aBcYe";
  private final Redactor redactor = new Redactor(ApiToken.of(TOKEN));

  @ParameterizedTest
  @ValueSource(
      strings = {
        TOKEN,
        "Zx81_q",
        "_qKv-3mT9",
        "zx81_QKV-3MT9PLW0ABCYE",
        "ZX81_QKV",
        "Bcye",
      })
  void anyRunOfSixOrMoreCharacters_inAnyCase_isMasked(String leaked) {
    String text = "D1 said: bad token '" + leaked + "' for this account";

    String redacted = redactor.redact(text);

    if (leaked.length() >= Redactor.MIN_RUN) {
      assertThat(redacted).isEqualTo("D1 said: bad token '****' for this account");
    } else {
      assertThat(redacted).as("shorter runs are ordinary text").isEqualTo(text);
    }
  }

  @Test
  void severalRuns_eachBecomeOneMask_andTheRestIsKept() {
    assertThat(redactor.redact("a=Zx81_qKv b=3mt9plw0 c=Zx81_")).isEqualTo("a=**** b=**** c=Zx81_");
  }

  @Test
  void textWithoutTheSecret_isReturnedAsItIs() {
    String text = "D1 rejected the push (7500: no such table: graph_sync_rows)";
    assertThat(redactor.redact(text)).isSameAs(text);
    assertThat(redactor.redact(null)).isNull();
    assertThat(redactor.redact("")).isEmpty();
  }

  @Test
  void aTokenShorterThanTheRun_isStillMaskedWhole() {
    Redactor shortOne = new Redactor(ApiToken.of("abc12"));
    assertThat(shortOne.redact("token ABC12 here")).isEqualTo("token **** here");
  }
}
