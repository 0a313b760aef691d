package io.hybridgraph.d1;

import feign.RequestInterceptor;
import feign.RequestTemplate;

/** Adds {@code Authorization: Bearer <token>} from configuration to every request. */
final class BearerTokenInterceptor implements RequestInterceptor {

  private final ApiToken token;

  BearerTokenInterceptor(ApiToken token) {
    this.token = token;
  }

  @Override
  public void apply(RequestTemplate template) {
    template.headerLiteral("Authorization", "Bearer " + token.reveal());
  }

  @Override
  public String toString() {
    return "BearerTokenInterceptor[" + token + "]";
  }
}
