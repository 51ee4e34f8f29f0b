package io.loanofficer.agent.planner;

import java.util.List;
import java.util.Optional;

/**
 * What one message names explicitly: ids (upper case, in order of appearance, no duplicates), people's
 * names (to look up with findBorrowers), crops, seasons, commodities, a signed price change, a
 * restructuring goal, and whether it refers back to something said earlier ("this borrower", "its
 * collateral") or to the whole portfolio.
 */
public record Entities(
    List<String> loanIds,
    List<String> borrowerIds,
    List<String> names,
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
    names = List.copyOf(names);
    crops = List.copyOf(crops);
    seasons = List.copyOf(seasons);
    commodities = List.copyOf(commodities);
  }

  public boolean hasIds() {
    return !loanIds.isEmpty() || !borrowerIds.isEmpty();
  }

  /** The same message with these borrower ids in place of its names (once findBorrowers resolved them). */
  public Entities withResolvedBorrowers(List<String> ids) {
    List<String> all = new java.util.ArrayList<>(borrowerIds);
    ids.stream().filter(id -> !all.contains(id)).forEach(all::add);
    return new Entities(loanIds, all, List.of(), crops, seasons, commodities, priceChange, goal, refersToBorrower,
        refersToLoan, portfolioScope);
  }

  /** The same message naming these people. */
  public Entities withNames(List<String> people) {
    return new Entities(loanIds, borrowerIds, people, crops, seasons, commodities, priceChange, goal, refersToBorrower,
        refersToLoan, portfolioScope);
  }

  /** The same message with these loan ids added (the loans of the borrower it is about). */
  public Entities withLoans(List<String> ids) {
    List<String> all = new java.util.ArrayList<>(loanIds);
    ids.stream().filter(id -> !all.contains(id)).forEach(all::add);
    return new Entities(all, borrowerIds, names, crops, seasons, commodities, priceChange, goal, refersToBorrower,
        refersToLoan, portfolioScope);
  }

  /** This clause's values, and for each kind it does not name, the whole question's ("B012: X plus Y"). */
  public Entities orElse(Entities whole) {
    boolean ownBorrower = !borrowerIds.isEmpty() || !names.isEmpty();
    return new Entities(loanIds.isEmpty() ? whole.loanIds : loanIds,
        ownBorrower ? borrowerIds : whole.borrowerIds, ownBorrower ? names : whole.names,
        crops.isEmpty() ? whole.crops : crops, seasons.isEmpty() ? whole.seasons : seasons,
        commodities.isEmpty() ? whole.commodities : commodities, priceChange.or(() -> whole.priceChange),
        goal.or(() -> whole.goal), refersToBorrower || whole.refersToBorrower, refersToLoan || whole.refersToLoan,
        portfolioScope || whole.portfolioScope);
  }

  /** True when the message names at least one value that could fill some tool argument. */
  public boolean hasAnyValue() {
    return hasIds() || !names.isEmpty() || !crops.isEmpty() || !seasons.isEmpty() || !commodities.isEmpty()
        || priceChange.isPresent() || goal.isPresent();
  }
}
