package io.loanofficer.agent.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Multinomial logistic regression over the same binary {@link TextFeatures} as the Naive Bayes model,
 * trained by stochastic gradient descent in corpus order from zero weights (so training is
 * deterministic), with L2 regularisation. Discriminative: a decisive word ("sufficient", "status")
 * outweighs common words shared by many intents ("show me", "loan").
 */
public final class LogisticIntentClassifier implements IntentModel {

  private final List<String> intents;
  private final Map<String, double[]> weights = new HashMap<>();
  private final double[] bias;

  public LogisticIntentClassifier(List<IntentClassifier.Example> examples, int epochs, double learningRate,
      double l2) {
    Set<String> labels = new TreeSet<>();
    examples.forEach(e -> labels.add(e.intent()));
    intents = List.copyOf(labels);
    bias = new double[intents.size()];
    List<Set<String>> features = new ArrayList<>();
    for (IntentClassifier.Example e : examples) {
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

  public static LogisticIntentClassifier fromClasspath() {
    return new LogisticIntentClassifier(IntentClassifier.load(IntentClassifier.DEFAULT_CORPUS), 40, 0.5, 0.001);
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

  @Override
  public List<IntentClassifier.Scored> rank(String text) {
    double[] s = scores(TextFeatures.features(text));
    Map<String, Double> log = new TreeMap<>();
    for (int k = 0; k < s.length; k++) {
      log.put(intents.get(k), s[k]);
    }
    return IntentClassifier.softmax(log);
  }
}
