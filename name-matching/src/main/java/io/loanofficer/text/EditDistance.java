package io.loanofficer.text;

import java.util.List;

/**
 * Optimal string alignment distance: the fewest insertions, deletions, substitutions and swaps of two
 * neighbours that turn one sequence into the other ("jonh" → "john" is 1). Over characters for fuzzy
 * name matching in the tools, over words for the planner's leak check of evaluation phrasings.
 */
public final class EditDistance {

  private EditDistance() {}

  public static int of(String a, String b) {
    return of(a.codePoints().boxed().toList(), b.codePoints().boxed().toList());
  }

  public static <T> int of(List<T> a, List<T> b) {
    int n = a.size();
    int m = b.size();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.get(i - 1).equals(b.get(j - 2)) && a.get(i - 2).equals(b.get(j - 1))) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[n][m];
  }
}
