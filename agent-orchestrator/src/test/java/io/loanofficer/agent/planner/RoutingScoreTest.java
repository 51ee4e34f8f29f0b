package io.loanofficer.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loanofficer.agent.planner.eval.RoutingEvaluation;
import io.loanofficer.toolspec.ToolCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's routing scores on the public set and on the held-out set (never used in training). */
class RoutingScoreTest {

  /** The public set lives beside the repository (../shared/eval); tests run in the module directory. */
  private static final Path PUBLIC = Path.of("../../shared/eval/routing-public.jsonl");
  private static final Path HELD_OUT = Path.of("src/test/resources/planner/routing-heldout.jsonl");

  private static RoutingEvaluation.Report score(Path file) throws Exception {
    RoutingEvaluation.Report report = RoutingEvaluation.evaluate(new OfflinePlanner(), RoutingEvaluation.load(file),
        ToolCatalogue.ALL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RoutingEvaluation.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
    System.out.println(file.getFileName() + ":\n" + out.toString(StandardCharsets.UTF_8));
    return report;
  }

  @Test
  void publicSet() throws Exception {
    assumeTrue(Files.exists(PUBLIC), "public routing set not found at " + PUBLIC.toAbsolutePath());
    RoutingEvaluation.Report report = score(PUBLIC);
    assertThat(report.total()).isEqualTo(45);
    assertThat(report.passed()).as(report.scoreLine()).isGreaterThanOrEqualTo(43);
  }

  @Test
  void heldOutSet() throws Exception {
    RoutingEvaluation.Report report = score(HELD_OUT);
    assertThat(report.total()).isGreaterThanOrEqualTo(40);
    assertThat((double) report.passed() / report.total()).as(report.scoreLine()).isGreaterThanOrEqualTo(0.9);
  }

  /** Evaluation questions must not leak into the training corpus. */
  @Test
  void trainingCorpusHoldsNoEvaluationQuestion() throws Exception {
    Set<String> training = new HashSet<>();
    IntentClassifier.load(IntentClassifier.DEFAULT_CORPUS).forEach(e -> training.add(normal(e.text())));
    List<Path> sets = Files.exists(PUBLIC) ? List.of(PUBLIC, HELD_OUT) : List.of(HELD_OUT);
    for (Path set : sets) {
      for (RoutingEvaluation.Case c : RoutingEvaluation.load(set)) {
        for (String turn : c.turns()) {
          assertThat(training.contains(normal(turn))).as("turn '%s' of %s is in intents.tsv", turn, c.id()).isFalse();
        }
      }
    }
  }

  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }
}
