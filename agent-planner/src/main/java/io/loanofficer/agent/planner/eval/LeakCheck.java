package io.loanofficer.agent.planner.eval;

import io.loanofficer.agent.planner.IntentClassifier;
import io.loanofficer.agent.planner.TextFeatures;
import io.loanofficer.text.EditDistance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether evaluation phrasings leaked into the planner's training corpus. Both sides are normalised
 * as the classifier sees them ({@link TextFeatures#tokens}: lower case, light stemming, articles and
 * "please" dropped, ids, percentages, numbers and people's names replaced by their kind), then compared
 * word by word: a phrasing leaks when its word-level edit distance to some corpus line, divided by the
 * longer of the two, is at most {@value #MAX_RATIO}. So an identical phrasing always leaks, one word
 * changed leaks from four words on, two words from eight. ("Show me all active loans" and "Show me the
 * outstanding active loans" differ by one word in five: a leak. "Hello" and "Hi" do not.)
 *
 * <p>Usage: {@code LeakCheck set.jsonl...}: prints every leak and {@code leaks: N of M phrasings}.
 */
public final class LeakCheck {

  public static final double MAX_RATIO = 0.25;

  /** A phrasing of an evaluation case near a corpus line. */
  public record Leak(String caseId, String phrasing, String corpusLine, int distance) {
    @Override
    public String toString() {
      return caseId + " \"" + phrasing + "\" ~ \"" + corpusLine + "\" (" + distance + " word"
          + (distance == 1 ? "" : "s") + ")";
    }
  }

  public record Result(int phrasings, List<Leak> leaks) {
    public String scoreLine() {
      return "leaks: " + leaks.size() + " of " + phrasings + " phrasings";
    }
  }

  private final List<String> corpus = new ArrayList<>();
  private final List<List<String>> corpusTokens = new ArrayList<>();

  public LeakCheck(List<IntentClassifier.Example> examples) {
    for (IntentClassifier.Example e : examples) {
      corpus.add(e.text());
      corpusTokens.add(TextFeatures.tokens(e.text()));
    }
  }

  public static LeakCheck ofTrainingCorpus() {
    return new LeakCheck(IntentClassifier.load(IntentClassifier.DEFAULT_CORPUS));
  }

  /** The nearest corpus line when it is near enough to count as a leak. */
  public java.util.Optional<Leak> leak(String caseId, String phrasing) {
    List<String> tokens = TextFeatures.tokens(phrasing);
    Leak best = null;
    for (int i = 0; i < corpus.size(); i++) {
      List<String> line = corpusTokens.get(i);
      int longer = Math.max(1, Math.max(tokens.size(), line.size()));
      // the distance is at least the difference in length: skip lines that cannot be near
      if (Math.abs(tokens.size() - line.size()) > MAX_RATIO * longer) {
        continue;
      }
      int d = EditDistance.of(tokens, line);
      if (d <= MAX_RATIO * longer && (best == null || d < best.distance())) {
        best = new Leak(caseId, phrasing, corpus.get(i), d);
      }
    }
    return java.util.Optional.ofNullable(best);
  }

  public Result check(List<RoutingEvaluation.Case> cases) {
    List<Leak> leaks = new ArrayList<>();
    int phrasings = 0;
    for (RoutingEvaluation.Case c : cases) {
      for (String turn : c.turns()) {
        phrasings++;
        leak(c.id(), turn).ifPresent(leaks::add);
      }
    }
    return new Result(phrasings, List.copyOf(leaks));
  }

  public static void main(String[] args) throws IOException {
    LeakCheck check = ofTrainingCorpus();
    for (String file : args) {
      Result result = check.check(RoutingEvaluation.load(Path.of(file)));
      result.leaks().forEach(l -> System.out.println("LEAK " + l));
      System.out.println(Path.of(file).getFileName() + " " + result.scoreLine());
    }
  }
}
