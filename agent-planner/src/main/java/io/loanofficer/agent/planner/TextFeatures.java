package io.loanofficer.agent.planner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a question into classifier features: lower-cased, lightly stemmed unigrams and bigrams, with
 * entity values replaced by their kind (a loan id becomes {@code zloanid}, "10%" becomes {@code zpct},
 * a crop word also yields {@code zcrop}, a person's name reads as a borrower id) so that "loan L001" and "loan l042" look alike to the model.
 */
public final class TextFeatures {

  private static final Pattern PERCENT = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?\\s*(?:%|percent\\b|pct\\b)");
  private static final Pattern NUMBER = Pattern.compile("\\$?\\d[\\d,.]*");
  private static final Set<String> CROP_WORDS = Set.of("corn", "maize", "soybean", "soy", "soya", "wheat",
      "cotton", "rice", "barley", "oat", "sorghum", "canola", "alfalfa", "hay", "potato", "peanut", "rye");
  private static final Set<String> COMMODITY_WORDS = Set.of("livestock", "cattle", "beef", "hog", "pork", "dairy",
      "milk");
  private static final Set<String> SEASON_WORDS = Set.of("spring", "summer", "autumn", "winter");
  /** Articles only: function words such as "what", "can", "you" carry intent in short questions. */
  private static final Set<String> DROP = Set.of("a", "an", "the", "please", "pls", "plz");

  private TextFeatures() {}

  /** Normalised tokens in order, entity kinds substituted. */
  public static List<String> tokens(String text) {
    // a person's name stands where a borrower id could: "loans of Jane Smith" reads as "loans of B002"
    String s = text == null ? "" : PersonNames.replace(text, " zborrowerid ").toLowerCase(Locale.ROOT);
    s = EntityExtractor.LOAN_ID.matcher(s).replaceAll(" zloanid ");
    s = EntityExtractor.BORROWER_ID.matcher(s).replaceAll(" zborrowerid ");
    s = PERCENT.matcher(s).replaceAll(" zpct ");
    s = NUMBER.matcher(s).replaceAll(" znum ");
    s = s.replace("non-accrual", "nonaccrual").replace("non accrual", "nonaccrual")
        .replace("loan-to-value", "ltv").replace("e-mail", "email").replace("what's", "what is")
        .replace("'s", "").replace("n't", " not");
    List<String> out = new ArrayList<>();
    for (String raw : s.split("[^a-z]+")) {
      if (raw.isEmpty() || DROP.contains(raw)) {
        continue;
      }
      out.add(stem(raw));
    }
    return out;
  }

  /** The bag of features the classifier sees: unigrams, entity-kind markers and bigrams. */
  public static Set<String> features(String text) {
    return features(tokens(text));
  }

  /** The same from tokens already normalised (and, when classifying, spelled as the corpus does). */
  public static Set<String> features(List<String> tokens) {
    Set<String> features = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      features.add(t);
      if (CROP_WORDS.contains(t)) {
        features.add("zcrop");
      }
      if (COMMODITY_WORDS.contains(t)) {
        features.add("zcommodity");
      }
      if (SEASON_WORDS.contains(t)) {
        features.add("zseason");
      }
      if (i + 1 < tokens.size()) {
        features.add(t + "_" + tokens.get(i + 1));
      }
    }
    return features;
  }

  /** A deliberately small stemmer: plural and a few verb endings, enough to join "loans"/"loan". */
  static String stem(String w) {
    if (w.startsWith("z") && (w.equals("zloanid") || w.equals("zborrowerid") || w.equals("zpct") || w.equals("znum"))) {
      return w;
    }
    if (w.length() > 4 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 5 && w.endsWith("ing")) {
      return w.substring(0, w.length() - 3);
    }
    if (w.length() > 4 && w.endsWith("ed") && !w.endsWith("eed")) {
      return w.substring(0, w.length() - 2);
    }
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }
}
