package dev.tollgate.budget.decision;

import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.usage.UsageEvent;
import java.util.Objects;

/** Which budgets a request counts against. */
final class Scopes {

  private Scopes() {}

  /**
   * A scope covers a request of its tenant, narrowed to its key (by key id) and to its model (by the alias the
   * client asked for) when it names them: a tenant budget holds every request of the tenant, a tenant + model budget
   * those of every key on that model.
   */
  static boolean covers(BudgetScope scope, UsageEvent usage) {
    return scope.tenant().equals(usage.tenant())
        && (scope.key() == null || Objects.equals(scope.key(), usage.keyId()))
        && (scope.model() == null || Objects.equals(scope.model(), usage.modelAlias()));
  }
}
