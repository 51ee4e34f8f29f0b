package io.loanofficer.agent.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the values a tool can take out of free text: ids in any case ("l001", "L-001", "loan #5"),
 * crops and commodities with their synonyms, seasons ("this fall", "autumn", "this season"),
 * signed price changes ("a 10% drop", "down 10 percent", "+15%"), and restructuring goals.
 * Pure and deterministic; it never guesses an id that was not typed.
 */
public final class EntityExtractor {

  static final Pattern LOAN_ID = Pattern.compile(
      "\\b(?:l-?(\\d{1,6})|loan\\s*(?:#|no\\.?|number)\\s*(\\d{1,6}))\\b", Pattern.CASE_INSENSITIVE);
  static final Pattern BORROWER_ID = Pattern.compile(
      "\\b(?:b-?(\\d{1,6})|borrower\\s*(?:#|no\\.?|number)\\s*(\\d{1,6}))\\b", Pattern.CASE_INSENSITIVE);

  private static final Map<String, String> WORD_NUMBERS = Map.ofEntries(
      Map.entry("five", "5"), Map.entry("ten", "10"), Map.entry("fifteen", "15"), Map.entry("twenty", "20"),
      Map.entry("twenty-five", "25"), Map.entry("twenty five", "25"), Map.entry("thirty", "30"),
      Map.entry("forty", "40"), Map.entry("fifty", "50"));

  static final Pattern PERCENT = Pattern.compile(
      "(?<sign>[+-])?\\s*(?<num>\\d+(?:\\.\\d+)?|twenty[- ]five|twenty|thirty|forty|fifty|fifteen|ten|five)"
          + "\\s*(?:%|percent\\b|per cent\\b|pct\\b)", Pattern.CASE_INSENSITIVE);

  /** "fall" is a season only after words like "this", "next", "in", or before "season"/"harvest". */
  private static final Pattern FALL_SEASON = Pattern.compile(
      "\\b(?:this|next|last|coming|upcoming|in|during|for|the|by|until|over|early|late|autumn)\\s+fall\\b"
          + "|\\bfall\\s+(?:season|harvest|crop|planting|quarter)\\b|^fall\\b|\\bfall\\s*\\??$");
  private static final Pattern OTHER_SEASONS = Pattern.compile("\\b(spring|summer|winter|autumn)\\b");
  private static final Pattern CURRENT_SEASON = Pattern.compile(
      "\\b(?:this|current|present|the current|upcoming|coming)\\s+(?:growing\\s+)?season\\b|\\bright now\\b");

  private static final Pattern NEGATIVE = Pattern.compile(
      "\\b(drops?|dropped|dropping|falls?|fell|falling|declines?|declined|declining|down|decreases?|decreased"
          + "|lower|lowered|slumps?|crash(?:es|ed)?|plunges?|plunged|plummets?|plummeted|dips?|dipped|sinks?|sank"
          + "|tumbles?|tumbled|collapses?|collapsed|slides?|slid|cuts?|loss|lose|loses|negative|weaker|weakens?"
          + "|softens?|shrinks?|reduction|minus|downturn|slip|slips)\\b");
  private static final Pattern POSITIVE = Pattern.compile(
      "\\b(increases?|increased|rises?|rose|rising|up|gains?|gained|jumps?|jumped|higher|climbs?|climbed"
          + "|surges?|surged|boosts?|spikes?|spiked|rall(?:y|ies|ied)|grows?|growth|raised?|plus|stronger"
          + "|strengthens?|hikes?|upturn|soars?|soared)\\b");

  private static final Pattern GOAL_INTEREST = Pattern.compile(
      "\\b(minimi[sz]\\w*|reduc\\w*|lower\\w*|cut\\w*|decreas\\w*|sav\\w*|least|less|lowest|min|smallest|cheaper|cheapest)"
          + "\\b[^.?!]{0,30}\\binterest\\b|\\binterest\\b[^.?!]{0,25}\\b(lower|down|minimum|less|savings?|as low as)\\b");
  private static final Pattern GOAL_PAYMENTS = Pattern.compile(
      "\\b(reduc\\w*|lower\\w*|cut\\w*|decreas\\w*|smaller|shrink\\w*|eas\\w*|lessen\\w*|trim\\w*|minimi[sz]\\w*|bring down|drop)"
          + "\\b[^.?!]{0,30}\\b(payments?|installments?|instalments?)\\b"
          + "|\\b(payments?|installments?)\\b[^.?!]{0,20}\\b(lower|smaller|down|affordable|manageable|relief)\\b"
          + "|\\bmore affordable\\b|\\bpayment relief\\b|\\bcash ?flow\\b|\\bbreathing room\\b"
          // hardship with the payment says the aim is a smaller one
          + "|\\b(struggl\\w*|afford\\w*|trouble|difficult\\w*|hard time|behind|strain\\w*|stretch\\w*|burden\\w*|keep up)"
          + "\\b[^.?!]{0,30}\\b(payments?|installments?|instalments?)\\b"
          + "|\\b(payments?|installments?)\\b[^.?!]{0,20}\\b(too (?:high|big|much|steep)|unaffordable|a burden|a stretch|hurting)\\b");

  private static final Pattern BORROWER_REF = Pattern.compile(
      "\\b(?:this|that|the same|same|said|the|these|those|both)\\s+(?:borrowers?|farmers?|customers?|clients?|applicants?|operators?|growers?|producers?)\\b"
          + "|\\b(?:him|her|his|hers|them|they|their|theirs|he|she|both)\\b");
  private static final Pattern LOAN_REF = Pattern.compile(
      "\\b(?:this|that|the same|same|said|these|those)\\s+(?:loans?|notes?|facility|facilities|credit line)\\b|\\b(?:it|its|it's)\\b");
  private static final Pattern PORTFOLIO = Pattern.compile(
      "\\b(portfolio|whole book|entire book|book of business|across the board|all (?:of )?(?:my|our|the) (?:borrowers|farmers|loans|clients|customers)"
          + "|all borrowers|all farmers|every borrower|every farmer|everyone|overall|firm-?wide|bank-?wide|across (?:all|the bank|everyone))\\b");

  /** Word → crop_type value (tool choice). "other" stands for any crop the tool does not list. */
  private static final Map<String, String> CROPS = new LinkedHashMap<>();
  /** Word → commodity value (tool choice). */
  private static final Map<String, String> COMMODITIES = new LinkedHashMap<>();

  static {
    for (String w : List.of("corn", "maize")) {
      CROPS.put(w, "corn");
      COMMODITIES.put(w, "corn");
    }
    for (String w : List.of("soybeans", "soybean", "soy", "soya", "soy beans", "beans")) {
      CROPS.put(w, "soybeans");
      COMMODITIES.put(w, "soybeans");
    }
    for (String w : List.of("wheat", "cotton", "rice")) {
      CROPS.put(w, w);
      COMMODITIES.put(w, w);
    }
    for (String w : List.of("barley", "oats", "oat", "sorghum", "canola", "sunflowers", "sunflower", "potatoes",
        "potato", "alfalfa", "hay", "peanuts", "peanut", "sugar beets", "sugarcane", "tomatoes", "vegetables",
        "fruit", "apples", "grapes", "almonds", "rye", "millet", "lentils", "peas", "tobacco", "other crops",
        "other crop")) {
      CROPS.put(w, "other");
    }
    for (String w : List.of("livestock", "cattle", "beef", "hogs", "hog", "pork", "pigs", "cows", "sheep", "lamb",
        "calves", "feeder cattle", "steers")) {
      COMMODITIES.put(w, "livestock");
    }
    for (String w : List.of("dairy", "milk", "cheese", "butter")) {
      COMMODITIES.put(w, "dairy");
    }
  }

  private static final Pattern CROP_WORDS = wordAlternation(CROPS.keySet());
  private static final Pattern COMMODITY_WORDS = wordAlternation(COMMODITIES.keySet());

  private static Pattern wordAlternation(Set<String> words) {
    List<String> sorted = new ArrayList<>(words);
    sorted.sort((a, b) -> b.length() - a.length());
    return Pattern.compile("\\b(" + String.join("|", sorted.stream().map(Pattern::quote).toList()) + ")\\b");
  }

  /** Whether a (stemmed) token is a price direction word such as "drop", "fall", "increas". */
  public static boolean isDirectionWord(String token) {
    for (String candidate : List.of(token, token + "e", token + "ed", token + "s")) {
      if (NEGATIVE.matcher(candidate).matches() || POSITIVE.matcher(candidate).matches()) {
        return true;
      }
    }
    return false;
  }

  public Entities extract(String text) {
    String given = text == null ? "" : text;
    String lower = given.toLowerCase(Locale.ROOT);
    List<String> loans = ids(LOAN_ID, lower, "L");
    List<String> borrowers = ids(BORROWER_ID, lower, "B");
    // a surname such as "Rice" or "Wheatley" is no crop
    String masked = PersonNames.replace(given, " ").toLowerCase(Locale.ROOT);
    masked = BORROWER_ID.matcher(LOAN_ID.matcher(masked).replaceAll(" ")).replaceAll(" ");
    List<String> crops = values(CROP_WORDS, CROPS, masked);
    List<String> commodities = values(COMMODITY_WORDS, COMMODITIES, masked);
    List<String> seasons = seasons(masked);
    List<String> names = PersonNames.find(given).stream().map(PersonNames.Found::name).distinct()
        .toList();
    return new Entities(loans, borrowers, names, crops, seasons, commodities, priceChange(masked), goal(masked),
        BORROWER_REF.matcher(masked).find(), LOAN_REF.matcher(masked).find(), PORTFOLIO.matcher(masked).find());
  }

  /**
   * The loan ids of {@link #extract}, alone: what a conversation's earlier questions are searched for
   * (ConversationContext), where running every other pattern on each of them was a tenth of the
   * orchestrator's CPU under load.
   */
  public List<String> loanIds(String text) {
    return ids(LOAN_ID, text == null ? "" : text.toLowerCase(Locale.ROOT), "L");
  }

  /** The borrower ids of {@link #extract}, alone, as {@link #loanIds}. */
  public List<String> borrowerIds(String text) {
    return ids(BORROWER_ID, text == null ? "" : text.toLowerCase(Locale.ROOT), "B");
  }

  /** The ids the pattern finds in text already lower-cased. */
  private static List<String> ids(Pattern pattern, String lower, String prefix) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = pattern.matcher(lower);
    while (m.find()) {
      if (m.group(1) != null) {
        out.add(prefix + m.group(1));
      } else {
        String digits = m.group(2);
        out.add(prefix + "0".repeat(Math.max(0, 3 - digits.length())) + digits);
      }
    }
    return List.copyOf(out);
  }

  private static List<String> values(Pattern words, Map<String, String> map, String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = words.matcher(text);
    while (m.find()) {
      out.add(map.get(m.group(1)));
    }
    return List.copyOf(out);
  }

  private static List<String> seasons(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = OTHER_SEASONS.matcher(text);
    while (m.find()) {
      out.add("autumn".equals(m.group(1)) ? "fall" : m.group(1));
    }
    if (FALL_SEASON.matcher(text.strip()).find()) {
      out.add("fall");
    }
    if (out.isEmpty() && CURRENT_SEASON.matcher(text).find()) {
      out.add("current");
    }
    return List.copyOf(out);
  }

  private static Optional<String> priceChange(String text) {
    Matcher m = PERCENT.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    String raw = m.group("num");
    String number = WORD_NUMBERS.getOrDefault(raw, raw);
    if (number.contains(".")) {
      number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    String sign = m.group("sign");
    if (sign == null) {
      // "fall" used as a season is not a direction
      String directionText = FALL_SEASON.matcher(text).replaceAll(" ");
      int at = m.start();
      int neg = nearest(NEGATIVE, directionText, at, m.end());
      int pos = nearest(POSITIVE, directionText, at, m.end());
      sign = neg < pos ? "-" : "+";
    }
    return Optional.of(sign + number + "%");
  }

  /** Distance in characters from the percentage to the nearest word of the pattern (MAX when none). */
  private static int nearest(Pattern words, String text, int start, int end) {
    int best = Integer.MAX_VALUE;
    Matcher m = words.matcher(text);
    while (m.find()) {
      int distance = m.start() >= end ? m.start() - end : m.end() <= start ? start - m.end() : 0;
      best = Math.min(best, distance);
    }
    return best;
  }

  private static Optional<String> goal(String text) {
    Matcher interest = GOAL_INTEREST.matcher(text);
    Matcher payments = GOAL_PAYMENTS.matcher(text);
    boolean i = interest.find();
    boolean p = payments.find();
    if (i && p) {
      return Optional.of(interest.start() <= payments.start() ? "minimize_interest" : "reduce_payments");
    }
    if (i) {
      return Optional.of("minimize_interest");
    }
    return p ? Optional.of("reduce_payments") : Optional.empty();
  }
}
