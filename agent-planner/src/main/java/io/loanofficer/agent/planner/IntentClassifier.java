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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The planner's intent model: multinomial logistic regression over binary {@link TextFeatures}
 * (unigrams, bigrams, entity-kind markers), trained once at start-up from a labelled corpus
 * ({@code label<TAB>text} per line, {@code #} comments) by stochastic gradient descent in corpus
 * order from zero weights with L2 regularisation, so training and prediction are deterministic.
 * Discriminative rather than generative (a Naive Bayes baseline scored lower on the held-out set):
 * a decisive word ("sufficient", "status") outweighs words many intents share ("show me", "loan").
 */
public final class IntentClassifier {

  public static final String DEFAULT_CORPUS = "/planner/intents.tsv";

  /** One scored intent; {@code probability} is the softmax over all intents. */
  public record Scored(String intent, double logScore, double probability) {}

  public record Example(String intent, String text) {}

  private final List<String> intents;
  private final Map<String, double[]> weights = new HashMap<>();
  private final double[] bias;
  /** How often each word (unigram) occurs in the corpus: the vocabulary typos are corrected against. */
  private final Map<String, Integer> vocabulary = new HashMap<>();

  public IntentClassifier(List<Example> examples, int epochs, double learningRate,
      double l2) {
    Set<String> labels = new TreeSet<>();
    examples.forEach(e -> labels.add(e.intent()));
    intents = List.copyOf(labels);
    bias = new double[intents.size()];
    List<Set<String>> features = new ArrayList<>();
    for (Example e : examples) {
      TextFeatures.tokens(e.text()).forEach(t -> vocabulary.merge(t, 1, Integer::sum));
      Set<String> f = TextFeatures.features(e.text());
      features.add(f);
      f.forEach(x -> weights.computeIfAbsent(x, k -> new double[intents.size()]));
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      double rate = learningRate / (1 + epoch * 0.1);
      for (int i = 0; i < examples.size(); i++) {
        Set<String> f = features.get(i);
        double[] p = probabilities(scores(f));
        int gold = intents.indexOf(examples.get(i).intent());
        for (int k = 0; k < intents.size(); k++) {
          double gradient = p[k] - (k == gold ? 1 : 0);
          bias[k] -= rate * gradient;
          for (String x : f) {
            double[] w = weights.get(x);
            w[k] -= rate * (gradient + l2 * w[k]);
          }
        }
      }
    }
  }

  public static IntentClassifier fromClasspath() {
    return new IntentClassifier(load(DEFAULT_CORPUS), 40, 0.5, 0.001);
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

  /**
   * The corpus word an unknown word stands for: one edit away (insert, delete, substitute, swap
   * neighbours; "stauts" → status, "paymnt" → payment), two from 7 letters on, or a clipped form of
   * 4+ letters ("collat" → collateral, "maint" → maintenance); the nearest, then the most frequent.
   * Words of 3 letters or fewer and kind tokens stay as they are.
   */
  String spelled(String word) {
    if (vocabulary.containsKey(word) || word.length() < 3 || isKind(word)) {
      return word;
    }
    String best = word;
    int bestDistance = Integer.MAX_VALUE;
    int bestCount = 0;
    int allowed = word.length() >= 7 ? 2 : 1;
    for (Map.Entry<String, Integer> v : vocabulary.entrySet()) {
      String w = v.getKey();
      int d;
      if (word.length() >= 4 && w.length() > word.length() + 1 && w.startsWith(word)) {
        d = 1;
      } else if (Math.abs(w.length() - word.length()) <= allowed + 1 && w.length() >= 3) {
        // the stemmer may have clipped a plural "s" that was part of the word ("stauts" → staut, for status)
        d = Math.min(io.loanofficer.text.EditDistance.of(word, w), io.loanofficer.text.EditDistance.of(word + "s", w));
      } else {
        continue;
      }
      if (d <= allowed && (d < bestDistance || d == bestDistance && (v.getValue() > bestCount
          || v.getValue() == bestCount && w.compareTo(best) < 0))) {
        best = w;
        bestDistance = d;
        bestCount = v.getValue();
      }
    }
    return best;
  }

  private static boolean isKind(String word) {
    return Set.of("zloanid", "zborrowerid", "zpct", "znum").contains(word);
  }

  private double[] scores(Set<String> features) {
    double[] s = bias.clone();
    for (String x : features) {
      double[] w = weights.get(x);
      if (w != null) {
        for (int k = 0; k < s.length; k++) {
          s[k] += w[k];
        }
      }
    }
    return s;
  }

  private static double[] probabilities(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[s.length];
    for (int k = 0; k < s.length; k++) {
      p[k] = Math.exp(s[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < s.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** All intents, best first; words the corpus never used are read as the corpus word they misspell. */
  public List<Scored> rank(String text) {
    double[] s = scores(TextFeatures.features(TextFeatures.tokens(text).stream().map(this::spelled).toList()));
    Map<String, Double> log = new TreeMap<>();
    for (int k = 0; k < s.length; k++) {
      log.put(intents.get(k), s[k]);
    }
    return softmax(log);
  }

  /** Softmax over the given log scores (adjusted scores can be passed back in); ties break by name. */
  public static List<Scored> softmax(Map<String, Double> log) {
    double max = log.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double sum = log.values().stream().mapToDouble(v -> Math.exp(v - max)).sum();
    List<Scored> out = new ArrayList<>();
    log.forEach((intent, v) -> out.add(new Scored(intent, v, Math.exp(v - max) / sum)));
    out.sort(Comparator.comparingDouble(Scored::logScore).reversed().thenComparing(Scored::intent));
    return out;
  }
}
