package io.loanofficer.agent.planner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Multinomial Naive Bayes over binary {@link TextFeatures} (unigrams + bigrams), trained once from a
 * labelled corpus ({@code label<TAB>text} per line, {@code #} comments). Uniform class prior, so an
 * intent with more examples is not favoured. Deterministic: labels are kept sorted and ties break by
 * label name.
 */
public final class IntentClassifier implements IntentModel {

  public static final String DEFAULT_CORPUS = "/planner/intents.tsv";

  /** One scored intent; {@code probability} is the softmax of the log scores over all intents. */
  public record Scored(String intent, double logScore, double probability) {}

  public record Example(String intent, String text) {}

  private final double alpha;
  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
  private final Map<String, Integer> totals = new TreeMap<>();
  private final Set<String> vocabulary = new HashSet<>();

  public IntentClassifier(List<Example> examples, double alpha) {
    this.alpha = alpha;
    for (Example e : examples) {
      Map<String, Integer> c = counts.computeIfAbsent(e.intent(), k -> new HashMap<>());
      for (String f : TextFeatures.features(e.text())) {
        c.merge(f, 1, Integer::sum);
        totals.merge(e.intent(), 1, Integer::sum);
        vocabulary.add(f);
      }
    }
  }

  public static IntentClassifier fromClasspath() {
    return new IntentClassifier(load(DEFAULT_CORPUS), Double.parseDouble(System.getProperty("planner.alpha", "0.1")));
  }

  public static List<Example> load(String resource) {
    InputStream in = IntentClassifier.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("training corpus not found on the classpath: " + resource);
    }
    List<Example> examples = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new IllegalStateException("bad corpus line (want label<TAB>text): " + line);
        }
        examples.add(new Example(line.substring(0, tab).trim(), line.substring(tab + 1).trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return examples;
  }

  public Set<String> intents() {
    return counts.keySet();
  }

  /** All intents, best first. */
  @Override
  public List<Scored> rank(String text) {
    Set<String> features = TextFeatures.features(text);
    Map<String, Double> log = new TreeMap<>();
    int v = vocabulary.size();
    for (String intent : counts.keySet()) {
      Map<String, Integer> c = counts.get(intent);
      double denominator = Math.log(totals.getOrDefault(intent, 0) + alpha * v);
      double score = 0;
      for (String f : features) {
        if (!vocabulary.contains(f)) {
          continue;
        }
        score += Math.log(c.getOrDefault(f, 0) + alpha) - denominator;
      }
      log.put(intent, score);
    }
    return softmax(log);
  }

  /** Softmax over the given log scores (adjusted scores can be passed back in). */
  public static List<Scored> softmax(Map<String, Double> log) {
    double max = log.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double sum = log.values().stream().mapToDouble(s -> Math.exp(s - max)).sum();
    List<Scored> out = new ArrayList<>();
    log.forEach((intent, s) -> out.add(new Scored(intent, s, Math.exp(s - max) / sum)));
    out.sort(Comparator.comparingDouble(Scored::logScore).reversed().thenComparing(Scored::intent));
    return out;
  }
}
