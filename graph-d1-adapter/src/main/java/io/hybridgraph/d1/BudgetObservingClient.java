package io.hybridgraph.d1;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;

/**
 * Feign transport decorator that shows every reply's status and headers to the account's {@link
 * AccountBudget} before the reply is decoded, whatever its status: the budget is read from every
 * reply, successes, failures and 429s alike.
 */
final class BudgetObservingClient implements Client {

  private final Client delegate;
  private final AccountBudget budget;

  BudgetObservingClient(Client delegate, AccountBudget budget) {
    this.delegate = delegate;
    this.budget = budget;
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    Response response = delegate.execute(request, options);
    budget.observe(response.status(), response.headers());
    return response;
  }
}
