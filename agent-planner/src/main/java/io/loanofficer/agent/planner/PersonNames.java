package io.loanofficer.agent.planner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds people's names in a question ("Show me the loans of Jane Smith", "Is John Doe's collateral
 * enough?"), so the planner can look them up with findBorrowers instead of asking for an id. A name is
 * a run of up to three adjacent words, none of which is a word the planner knows (any word of its
 * training corpus other than the capitalised ones inside a sentence, which are example names, or a
 * common English word), each either capitalised
 * ("Jane", not "LTV") or, in lower case, two such words right after "for", "of", "about", "named", ...
 * ("loans for jane smith"). Deterministic; never guesses an id.
 */
public final class PersonNames {

  /** A name as typed (possessive removed) and where it stands in the text. */
  public record Found(String name, int start, int end) {}

  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");
  private static final Pattern POSSESSIVE = Pattern.compile("['’]s?$");
  private static final Set<String> CUES = Set.of("for", "of", "about", "on", "named", "called", "to", "with", "does",
      "did", "has", "is", "at", "regarding", "re", "abt", "borrower", "farmer", "customer", "client");
  private static final int MAX_WORDS = 3;

  /** Words that are not names though a question may capitalise them (sentence starts, titles). */
  private static final Set<String> COMMON = Set.copyOf(List.of("a", "an", "the", "and", "or", "but", "if", "so", "then", "than",
      "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them",
      "their", "it", "its", "this", "that", "these", "those", "who", "whom", "whose", "what", "which", "when", "where",
      "why", "how", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have",
      "has", "had", "can", "could", "will", "would", "shall", "should", "may", "might", "must", "need", "needs",
      "let", "lets", "please", "kindly", "hello", "hi", "hey", "thanks", "thank", "ok", "okay", "yes", "no", "not",
      "any", "all", "some", "each", "every", "both", "either", "neither", "more", "most", "less", "least", "much",
      "many", "few", "other", "another", "same", "such", "only", "just", "also", "too", "very", "really", "now",
      "today", "tomorrow", "yesterday", "again", "still", "yet", "already", "here", "there", "about", "above",
      "after", "before", "below", "between", "by", "for", "from", "in", "into", "of", "off", "on", "onto", "out",
      "over", "per", "since", "through", "to", "under", "until", "up", "upon", "with", "within", "without", "via",
      "pull", "show", "tell", "give", "get", "list", "find", "look", "check", "see", "compare", "summarize",
      "summarise", "summary", "estimate", "assess", "analyze", "analyse", "evaluate", "calculate", "compute",
      "forecast", "predict", "project", "review", "run", "rerun", "display", "bring", "fetch", "pull", "provide",
      "share", "walk", "explain", "describe", "break", "help", "want", "like", "know", "think", "say", "said",
      "quick", "quickly", "brief", "briefly", "overview", "status", "update", "new", "old", "next", "last", "first",
      "second", "third", "current", "recent", "latest", "overall", "total", "okay", "sure", "great", "good", "fine",
      "dear", "team", "sir", "madam", "mr", "mrs", "ms", "miss", "dr", "farm", "farms", "ranch", "bank", "officer",
      "analyst", "admin", "january", "february", "march", "april", "june", "july", "august", "september",
      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday", "q1", "q2", "q3", "q4", "usda", "fsa", "ecoa", "regulation", "reg", "am", "pm", "eta", "asap", "fyi",
      "re", "per", "vs", "versus", "etc", "id", "ids", "yeah", "yep", "nope", "hmm", "well", "actually", "anyway",
      "also", "plus", "make", "take", "put", "keep", "go", "going", "come", "coming", "use", "using", "try", "set",
      "assume", "suppose", "imagine", "consider", "given", "based", "regarding", "concerning", "whats", "hows",
      "whos", "wheres", "lets", "im", "ive", "id", "were", "theyre", "dont", "doesnt", "isnt", "arent", "cant",
      "wont", "shouldnt", "wouldnt", "couldnt", "didnt"));

  private static final Set<String> KNOWN = loadKnown();

  private PersonNames() {}

  private static Set<String> loadKnown() {
    Set<String> known = new HashSet<>(COMMON);
    InputStream in = PersonNames.class.getResourceAsStream(IntentClassifier.DEFAULT_CORPUS);
    if (in == null) {
      return known;
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String text = line.substring(line.indexOf('\t') + 1);
        Matcher m = WORD.matcher(text);
        while (m.find()) {
          // a capitalised word inside a sentence is a name the corpus uses as an example, not vocabulary
          boolean sentenceStart = text.substring(0, m.start()).strip().matches("|.*[.?!:;]");
          if (sentenceStart || !capitalised(m.group())) {
            known.add(plain(m.group()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return known;
  }

  private static String plain(String word) {
    return POSSESSIVE.matcher(word).replaceAll("").toLowerCase(Locale.ROOT);
  }

  private static boolean known(String word) {
    // a protected ground ("Hispanic", "Christian") does not start a name: the fair-lending screen reads it
    return vocabulary(word) || io.loanofficer.agent.guardrails.InputGuard.mentionsProtectedGround(plain(word));
  }

  /** A word of the planner's vocabulary (it may still end a name begun before it: "Bob Brown"). */
  private static boolean vocabulary(String word) {
    String p = plain(word);
    return p.length() < 2 || KNOWN.contains(p) || KNOWN.contains(TextFeatures.stem(p))
        || EntityExtractor.LOAN_ID.matcher(p).matches() || EntityExtractor.BORROWER_ID.matcher(p).matches();
  }

  private static boolean capitalised(String word) {
    return Character.isUpperCase(word.codePointAt(0)) && word.length() > 1
        && !word.equals(word.toUpperCase(Locale.ROOT));
  }

  /** The names in the text, in order; a run ends at a possessive ("Jane Smith's"). */
  public static List<Found> find(String text) {
    List<Found> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    List<int[]> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(new int[] {m.start(), m.end()});
    }
    int i = 0;
    while (i < words.size()) {
      String w = word(text, words.get(i));
      boolean cued = i > 0 && adjacent(text, words.get(i - 1), words.get(i))
          && CUES.contains(plain(word(text, words.get(i - 1))));
      if (known(w) || !capitalised(w) && !cued) {
        i++;
        continue;
      }
      boolean lower = !capitalised(w);
      int j = i;
      while (j + 1 < words.size() && j - i + 1 < MAX_WORDS && !POSSESSIVE.matcher(word(text, words.get(j))).find()
          && adjacent(text, words.get(j), words.get(j + 1))) {
        String next = word(text, words.get(j + 1));
        if (vocabulary(next) || capitalised(next) == lower) {
          break;
        }
        j++;
      }
      // a lower-case name needs first and last name, so that an unknown word after "for" is not a name;
      // so does a single word opening a sentence ("Gimme the loans"), unless possessive ("Henry's loans")
      // or set off ("Evans - default risk?")
      boolean opening = text.substring(0, words.get(i)[0]).strip().matches("|.*[.?!:;]");
      boolean possessive = POSSESSIVE.matcher(word(text, words.get(j))).find();
      boolean setOff = text.substring(words.get(j)[1]).matches("\\s*[-–—:,].*");
      if (j > i || !lower && (!opening || possessive || setOff)) {
        int start = words.get(i)[0];
        int end = words.get(j)[1];
        String name = POSSESSIVE.matcher(text.substring(start, end)).replaceAll("");
        out.add(new Found(name, start, end));
      }
      i = j + 1;
    }
    return out;
  }

  /**
   * For a question that asks for a name search ("borrower number for smith"): the names, else the words
   * right after a cue ("for", "named", ...) that the planner does not know, one word allowed.
   */
  public static List<String> searched(String text) {
    List<String> names = find(text).stream().map(Found::name).toList();
    if (!names.isEmpty() || text == null) {
      return names;
    }
    List<int[]> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(new int[] {m.start(), m.end()});
    }
    for (int i = 1; i < words.size(); i++) {
      if (CUES.contains(plain(word(text, words.get(i - 1)))) && !vocabulary(word(text, words.get(i)))) {
        int j = i;
        while (j + 1 < words.size() && j - i + 1 < MAX_WORDS && !vocabulary(word(text, words.get(j + 1)))
            && adjacent(text, words.get(j), words.get(j + 1))) {
          j++;
        }
        return List.of(POSSESSIVE.matcher(text.substring(words.get(i)[0], words.get(j)[1])).replaceAll(""));
      }
    }
    return List.of();
  }

  /** The text with every name replaced (the classifier sees a name as it sees a borrower id). */
  public static String replace(String text, String replacement) {
    List<Found> names = find(text);
    if (names.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Found f : names) {
      out.append(text, at, f.start()).append(replacement);
      at = f.end();
    }
    return out.append(text.substring(at)).toString();
  }

  private static String word(String text, int[] span) {
    return text.substring(span[0], span[1]);
  }

  /** Only spaces between the two words (no comma, full stop or "and"). */
  private static boolean adjacent(String text, int[] a, int[] b) {
    return text.substring(a[1], b[0]).isBlank();
  }
}
