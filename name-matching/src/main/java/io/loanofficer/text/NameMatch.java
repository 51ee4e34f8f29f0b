package io.loanofficer.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the {@code findBorrowers} tool (and the routing evaluation, which plays it on the sample data) compares a typed name with a borrower's first and last name. Both are
 * folded (accents removed, lower case, apostrophes dropped, split into words on anything else). Each
 * typed word must match a different word of the borrower's name, in any order:
 * <ul>
 *   <li>exactly, or</li>
 *   <li>closely: the typed word has at least 3 letters and is a prefix of the name word ("Joh" → John),
 *       or is one edit away from it (insert, delete, substitute, or swap two neighbours: "Jon" → John,
 *       "Müller" → Miller).</li>
 * </ul>
 * When some borrowers match every word exactly, only they are candidates ("Johnson" finds Alice
 * Johnson, not John Doe by prefix); otherwise the close matches are.
 */
public final class NameMatch {

  /** How well a borrower's name matches; NONE when some typed word matched nothing. */
  public enum Grade { EXACT, CLOSE, NONE }

  private static final int MIN_CLOSE_LETTERS = 3;

  private NameMatch() {}

  /** The words of a name as compared: "Jöhn O'Dóe-Smith" → [john, odoe, smith]. */
  public static List<String> words(String name) {
    if (name == null) {
      return List.of();
    }
    String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT).replaceAll("['’`]", "");
    return Arrays.stream(folded.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
  }

  public static Grade grade(List<String> typed, String firstName, String lastName) {
    List<String> name = new ArrayList<>(words(firstName));
    name.addAll(words(lastName));
    if (typed.isEmpty() || typed.size() > name.size()) {
      return Grade.NONE;
    }
    if (assign(typed, 0, name, new boolean[name.size()], true)) {
      return Grade.EXACT;
    }
    return assign(typed, 0, name, new boolean[name.size()], false) ? Grade.CLOSE : Grade.NONE;
  }

  /** Whether typed words from {@code i} on can each take a different unused name word (a name has few words). */
  private static boolean assign(List<String> typed, int i, List<String> name, boolean[] used, boolean exact) {
    if (i == typed.size()) {
      return true;
    }
    for (int j = 0; j < name.size(); j++) {
      if (!used[j] && (exact ? typed.get(i).equals(name.get(j)) : close(typed.get(i), name.get(j)))) {
        used[j] = true;
        if (assign(typed, i + 1, name, used, exact)) {
          return true;
        }
        used[j] = false;
      }
    }
    return false;
  }

  /**
   * The candidates a typed name picks: those matching every word exactly, or, when none does, those
   * matching closely; in the given order.
   */
  public static <T> List<T> matches(List<String> typed, Iterable<T> candidates,
      java.util.function.Function<T, String> firstName, java.util.function.Function<T, String> lastName) {
    List<T> exact = new ArrayList<>();
    List<T> close = new ArrayList<>();
    for (T c : candidates) {
      switch (grade(typed, firstName.apply(c), lastName.apply(c))) {
        case EXACT -> exact.add(c);
        case CLOSE -> close.add(c);
        default -> { }
      }
    }
    return exact.isEmpty() ? close : exact;
  }

  public static boolean close(String typed, String word) {
    if (typed.equals(word)) {
      return true;
    }
    if (typed.length() < MIN_CLOSE_LETTERS) {
      return false;
    }
    return word.startsWith(typed) || Math.abs(typed.length() - word.length()) <= 1 && EditDistance.of(typed, word) <= 1;
  }
}
