package io.loanofficer.tools.borrowers;

import io.loanofficer.text.NameMatch;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.ToolException;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * findBorrowers(name): the borrowers the caller may see whose name matches ({@link NameMatch}),
 * so that an officer can say "John Doe" where the other tools want B001. Scoped like the portfolio
 * tools: a loan officer searches their own borrowers only, so another officer's borrower is NOT_FOUND
 * (a search does not reveal who exists elsewhere); analysts and admins search all. One candidate is
 * FOUND, several AMBIGUOUS (the agent asks which); none is the typed outcome NOT_FOUND. Candidates carry
 * id, name and farm type only, never contact data, and pass the result masker like every result.
 */
@Component
public class FindBorrowersTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("findBorrowers").orElseThrow();

  /** Candidates listed at most; {@code count} says how many matched. */
  public static final int MAX_CANDIDATES = 10;

  public record Candidate(String borrowerId, String borrowerName, String farmType) {}

  public record Result(String name, String status, List<Candidate> candidates, int count, LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public FindBorrowersTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    String name = arguments.get("name");
    List<String> typed = NameMatch.words(name);
    if (typed.isEmpty()) {
      throw ToolException.invalid("the name has no letters to search for");
    }
    if (typed.size() > 4) {
      throw ToolException.invalid("give a first and/or last name (at most 4 words)");
    }
    List<Borrower> matches = new ArrayList<>(NameMatch.matches(typed, portfolio.visibleBorrowerRows(caller),
        Borrower::firstName, Borrower::lastName));
    if (matches.isEmpty()) {
      // the message names no one: the typed name may itself be personal data
      throw ToolException.notFound("borrower with a matching name in the caller's portfolio");
    }
    matches.sort(Comparator.comparing(Borrower::borrowerId));
    List<Candidate> candidates = matches.stream().limit(MAX_CANDIDATES)
        .map(b -> new Candidate(b.borrowerId(), b.fullName(), b.farmType())).toList();
    return new Result(name, matches.size() == 1 ? "FOUND" : "AMBIGUOUS", candidates, matches.size(), asOf);
  }
}
