package io.loanofficer.agent.planner;

import java.util.List;
import java.util.Optional;

/**
 * What one message names explicitly: ids (upper case, in order of appearance, no duplicates), crops,
 * seasons, commodities, a signed price change, a restructuring goal, and whether it refers back to
 * something said earlier ("this borrower", "its collateral") or to the whole portfolio.
 */
public record Entities(
    List<String> loanIds,
    List<String> borrowerIds,
    List<String> crops,
    List<String> seasons,
    List<String> commodities,
    Optional<String> priceChange,
    Optional<String> goal,
    boolean refersToBorrower,
    boolean refersToLoan,
    boolean portfolioScope) {

  public Entities {
    loanIds = List.copyOf(loanIds);
    borrowerIds = List.copyOf(borrowerIds);
    crops = List.copyOf(crops);
    seasons = List.copyOf(seasons);
    commodities = List.copyOf(commodities);
  }

  public boolean hasIds() {
    return !loanIds.isEmpty() || !borrowerIds.isEmpty();
  }

  /** True when the message names at least one value that could fill some tool argument. */
  public boolean hasAnyValue() {
    return hasIds() || !crops.isEmpty() || !seasons.isEmpty() || !commodities.isEmpty()
        || priceChange.isPresent() || goal.isPresent();
  }
}
