package io.loanofficer.reporting.compliance;

import io.loanofficer.reporting.svg.SvgPlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The period report as one self-contained HTML page: inline CSS, charts as inline SVG, no script,
 * no external font or image, so that it opens offline and can be filed as it is. Every figure comes
 * from {@link PeriodReport}; numbers are formatted with a fixed locale, so the same report gives the
 * same bytes.
 */
public final class ReportHtml {

  private static final String STYLE = """
      body{font-family:sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.4}
      h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
      table{border-collapse:collapse;margin:8px 0 12px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}
      td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2}
      .cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.card{border:1px solid #ccc;border-radius:6px;padding:6px 12px;min-width:110px}
      .card b{display:block;font-size:20px}.note{color:#555;font-size:12px;margin:4px 0}
      .empty{border:2px solid #d62728;padding:12px;font-size:16px;margin:16px 0}.bad{color:#d62728;font-weight:bold}
      .ok{color:#2ca02c;font-weight:bold}figure{margin:8px 0}
      """;

  private ReportHtml() {}

  public static String render(PeriodReport report) {
    StringBuilder html = new StringBuilder();
    PeriodReport.PeriodInfo period = report.period();
    String title = "Compliance report " + period.from() + " to " + period.to() + " (UTC)";
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
        .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    html.append("<h1 data-testid=\"report-title\">").append(escape(title)).append("</h1>\n");
    PeriodReport.Source source = report.source();
    html.append("<p class=\"note\">From ").append(escape(period.start())).append(" up to ").append(escape(period.end()))
        .append(" (").append(period.days()).append(period.days() == 1 ? " day" : " days").append("). Read: ")
        .append(source.chainsRead()).append(" chains, ").append(source.recordsRead()).append(" records and ")
        .append(source.erasedSeqsRead()).append(" erased seqs of ").append(escape(source.topic())).append("; ")
        .append(source.recordsInPeriod()).append(" records in the period. ").append(escape(source.note()))
        .append("</p>\n");
    if (report.noActivity()) {
      html.append("<div class=\"empty\" data-testid=\"no-activity\">No activity in this period: no audit record "
          + "occurred between ").append(escape(period.start())).append(" and ").append(escape(period.end()))
          .append(".</div>\n");
      return html.append("</body>\n</html>\n").toString();
    }
    cards(html, report);
    activity(html, report.activity());
    outcomes(html, report.outcomes());
    refusals(html, report.refusals());
    personalData(html, report.personalData());
    tools(html, report.tools());
    models(html, report.models());
    integrity(html, report.integrity());
    siem(html, report.siem());
    return html.append("</body>\n</html>\n").toString();
  }

  private static void cards(StringBuilder html, PeriodReport report) {
    html.append("<div class=\"cards\" data-testid=\"summary\">\n");
    card(html, "turns", report.activity().turns());
    card(html, "conversations", report.activity().conversations());
    card(html, "answers", report.outcomes().answers());
    card(html, "errors", report.outcomes().errors());
    card(html, "refusals", report.refusals().total());
    card(html, "reveal requests", report.personalData().revealRequests());
    card(html, "tool calls", report.tools().calls());
    card(html, "chains broken", report.integrity().chainsBroken());
    html.append("</div>\n");
  }

  private static void card(StringBuilder html, String label, long value) {
    html.append("<div class=\"card\"><b>").append(value).append("</b>").append(escape(label)).append("</div>\n");
  }

  private static void activity(StringBuilder html, PeriodReport.Activity activity) {
    section(html, "activity", "Activity");
    html.append("<p>").append(count(activity.turns(), "turn")).append(" in ")
        .append(count(activity.conversations(), "conversation")).append(".</p>\n");
    if (activity.turns() > 0) {
      List<String> labels = new ArrayList<>();
      Map<String, double[]> stacks = new LinkedHashMap<>();
      List<PeriodReport.Day> days = activity.days();
      int every = Math.max(1, (days.size() + 15) / 16); // at most 16 labels under the bars
      for (int i = 0; i < days.size(); i++) {
        labels.add(i % every == 0 ? days.get(i).day().substring(5) : "");
        for (Map.Entry<String, Long> role : days.get(i).byRole().entrySet()) {
          stacks.computeIfAbsent(role.getKey(), r -> new double[days.size()])[i] = role.getValue();
        }
      }
      chart(html, "turns-per-day", SvgPlot.stackedBars("Turns per day by role", "turns", labels, sorted(stacks)));
    }
    table(html, "turns-by-role", List.of("role", "turns"), rows(activity.turnsByRole()));
    table(html, "turns-by-user", List.of("user", "turns"), rows(activity.turnsByUser()));
    List<List<String>> dayRows = new ArrayList<>();
    for (PeriodReport.Day day : activity.days()) {
      if (day.turns() > 0) {
        dayRows.add(List.of(day.day(), Long.toString(day.turns()), describe(day.byRole())));
      }
    }
    table(html, "turns-by-day", List.of("day", "turns", "by role"), dayRows);
  }

  private static void outcomes(StringBuilder html, PeriodReport.Outcomes outcomes) {
    section(html, "outcomes", "Outcomes");
    Map<String, Double> bars = new LinkedHashMap<>();
    bars.put("answers", (double) (outcomes.answers() - outcomes.answersThatRefused()));
    bars.put("refusals", (double) outcomes.answersThatRefused());
    outcomes.errorsByCode().forEach((code, n) -> bars.put("error " + code, n.doubleValue()));
    if (outcomes.withoutReply() > 0) {
      bars.put("no reply", (double) outcomes.withoutReply());
    }
    if (outcomes.turns() > 0) {
      chart(html, "outcomes-chart", singleSeries("How the period's turns ended", "turns", "turns", bars));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("turns", Long.toString(outcomes.turns())));
    rows.add(List.of("answers (refusals included)", Long.toString(outcomes.answers())));
    rows.add(List.of("answers that refused", Long.toString(outcomes.answersThatRefused())));
    rows.add(List.of("errors", Long.toString(outcomes.errors())));
    outcomes.errorsByCode().forEach((code, n) -> rows.add(List.of("errors " + code, Long.toString(n))));
    rows.add(List.of("timeouts", Long.toString(outcomes.timeouts())));
    rows.add(List.of("turns without a reply in the chain", Long.toString(outcomes.withoutReply())));
    rows.add(List.of("refused at a gateway (no conversation)", Long.toString(outcomes.refusedAtGateway())));
    table(html, "outcomes", List.of("outcome", "count"), rows);
    table(html, "refused-at-gateway", List.of("gateway refusal (kind, code)", "count"),
        rows(outcomes.refusedAtGatewayByKindAndCode()));
    notes(html, outcomes.notes());
  }

  private static void refusals(StringBuilder html, PeriodReport.Refusals refusals) {
    section(html, "refusals", "Refusals by reason");
    Map<String, Double> bars = new LinkedHashMap<>();
    for (PeriodReport.Category category : refusals.byCategory()) {
      bars.put(category.label(), (double) category.count());
    }
    if (refusals.total() > 0) {
      chart(html, "refusals-chart", singleSeries("Refused turns by category", "turns", "refusals", bars));
    }
    List<List<String>> rows = new ArrayList<>();
    for (PeriodReport.Category category : refusals.byCategory()) {
      StringBuilder examples = new StringBuilder();
      for (PeriodReport.Example example : category.examples()) {
        examples.append(examples.length() == 0 ? "" : "\n").append(example.at()).append(' ').append(example.role())
            .append(": \u201c").append(example.question()).append('\u201d');
      }
      rows.add(List.of(category.label(), Long.toString(category.count()), examples.toString()));
    }
    table(html, "refusals-by-category", List.of("category", "turns", "examples (masked)"), rows);
    List<List<String>> reasons = new ArrayList<>();
    for (PeriodReport.Reason reason : refusals.byReason()) {
      reasons.add(List.of(reason.reason(), reason.decidedBy(), reason.category(), Long.toString(reason.count())));
    }
    table(html, "refusals-by-reason", List.of("reason code", "decided by", "category", "turns"), reasons);
    notes(html, refusals.notes());
  }

  private static void personalData(StringBuilder html, PeriodReport.PersonalData data) {
    section(html, "personal-data", "Personal data");
    html.append("<p>").append(count(data.turnsWithRedactions(), "turn"))
        .append(" with personal data redacted from the question.</p>\n");
    table(html, "redacted-in-questions", List.of("redacted in questions (kind)", "values"),
        rows(data.redactedInQuestionsByKind()));
    table(html, "masked-in-answers", List.of("masked in answers (kind)", "values"), rows(data.maskedInAnswersByKind()));
    List<List<String>> reveals = new ArrayList<>();
    for (PeriodReport.RevealCount reveal : data.reveals()) {
      reveals.add(List.of(reveal.user(), reveal.kind(), reveal.outcome(), Long.toString(reveal.count())));
    }
    table(html, "reveals", List.of("reveals: user", "kind", "outcome", "count"), reveals);
    PeriodReport.Disclosures disclosures = data.disclosures();
    html.append("<p data-testid=\"disclosures\">Disclosures: ").append(count(disclosures.valuesDisclosed(), "value"))
        .append(" shown, of ").append(count(disclosures.borrowers(), "borrower")).append(", to ")
        .append(count(disclosures.users(), "user")).append(disclosures.byKind().isEmpty() ? "" : " (" + describe(disclosures.byKind()) + ")")
        .append(".</p>\n");
    notes(html, data.notes());
  }

  private static void tools(StringBuilder html, PeriodReport.Tools tools) {
    section(html, "tools", "Tools");
    html.append("<p>").append(count(tools.calls(), "tool call")).append("; latency p50 ").append(ms(tools.latency().p50Micros()))
        .append(", p95 ").append(ms(tools.latency().p95Micros())).append(" over ").append(count(tools.latency().samples(), "worker result"))
        .append(".</p>\n");
    if (tools.calls() > 0) {
      List<String> names = new ArrayList<>();
      TreeSet<String> outcomes = new TreeSet<>(tools.byOutcome().keySet());
      Map<String, double[]> stacks = new LinkedHashMap<>();
      for (String outcome : outcomes) {
        stacks.put(outcome, new double[tools.byTool().size()]);
      }
      for (int i = 0; i < tools.byTool().size(); i++) {
        PeriodReport.ToolFigures tool = tools.byTool().get(i);
        names.add(tool.tool());
        for (Map.Entry<String, Long> outcome : tool.byOutcome().entrySet()) {
          stacks.get(outcome.getKey())[i] = outcome.getValue();
        }
      }
      chart(html, "tools-chart", SvgPlot.stackedBars("Tool calls by tool and outcome", "calls", names, stacks));
    }
    List<List<String>> rows = new ArrayList<>();
    for (PeriodReport.ToolFigures tool : tools.byTool()) {
      rows.add(List.of(tool.tool(), Long.toString(tool.calls()), describe(tool.byOutcome()), ms(tool.latency().p50Micros()),
          ms(tool.latency().p95Micros())));
    }
    table(html, "tools", List.of("tool", "calls", "by outcome", "p50", "p95"), rows);
    notes(html, tools.notes());
  }

  private static void models(StringBuilder html, PeriodReport.Models models) {
    section(html, "models", "Models");
    html.append("<p>").append(count(models.modelCalls(), "model call")).append("; ")
        .append(count(models.turnsWithAModel(), "turn")).append(" answered through a model, ")
        .append(models.turnsWithoutAModel()).append(" without.</p>\n");
    List<List<String>> rows = new ArrayList<>();
    for (PeriodReport.ModelFigures model : models.byModel()) {
      rows.add(List.of(model.model(), servedAs(model.servedAs()), Long.toString(model.turns()),
          Long.toString(model.calls()), describe(model.byDecision()),
          model.inputTokens() == null ? "not recorded" : Long.toString(model.inputTokens()),
          model.outputTokens() == null ? "not recorded" : Long.toString(model.outputTokens())));
    }
    table(html, "models", List.of("model", "served as", "turns", "calls", "decisions", "input tokens",
        "output tokens"), rows);
    notes(html, models.notes());
  }

  /** "gpt-4o-mini-2024-07-18 (12 turns, 20 calls)", one version a line; "not recorded" when none was. */
  private static String servedAs(List<PeriodReport.Served> versions) {
    if (versions.stream().allMatch(served -> served.version() == null)) {
      return "not recorded";
    }
    List<String> lines = new ArrayList<>();
    for (PeriodReport.Served served : versions) {
      lines.add((served.version() == null ? "not recorded" : served.version()) + " ("
          + count(served.turns(), "turn") + ", " + count(served.calls(), "call") + ")");
    }
    return String.join("\n", lines);
  }

  private static void integrity(StringBuilder html, PeriodReport.Integrity integrity) {
    section(html, "integrity", "Integrity");
    html.append("<p>").append(count(integrity.conversations(), "conversation")).append(" and ")
        .append(count(integrity.gatewayChains(), "gateway chain")).append(" with records in the period: <span class=\"ok\">").append(integrity.chainsVerified())
        .append(" verified</span>, ").append(integrity.chainsStoppedAtErasure()).append(" stopped at an erasure, <span class=\"")
        .append(integrity.chainsBroken() == 0 ? "ok" : "bad").append("\">").append(integrity.chainsBroken())
        .append(" broken</span>.</p>\n");
    List<List<String>> broken = new ArrayList<>();
    for (PeriodReport.Broken chain : integrity.broken()) {
      broken.add(List.of(chain.chainId(), Long.toString(chain.firstBrokenSeq()), chain.problem()));
    }
    table(html, "broken-chains", List.of("broken chain", "first broken seq", "problem"), broken);
    List<List<String>> erased = new ArrayList<>();
    for (PeriodReport.Erased chain : integrity.erased()) {
      erased.add(List.of(chain.chainId(), chain.seqs().toString()));
    }
    table(html, "erased-seqs", List.of("chain with erasures", "erased seqs"), erased);
    notes(html, integrity.notes());
  }

  private static void siem(StringBuilder html, PeriodReport.Siem siem) {
    section(html, "siem", "SIEM");
    html.append("<p>").append(count(siem.auditRecordsInPeriod(), "audit record"))
        .append(" in the period; documents forwarded: ")
        .append(siem.documentsForwarded() == null ? "not read by this report" : siem.documentsForwarded().toString())
        .append(".</p>\n");
    notes(html, List.of(siem.note()));
  }

  private static void section(StringBuilder html, String id, String title) {
    html.append("<h2 id=\"").append(id).append("\">").append(escape(title)).append("</h2>\n");
  }

  private static void chart(StringBuilder html, String id, String svg) {
    html.append("<figure data-testid=\"").append(id).append("\">\n").append(svg).append("</figure>\n");
  }

  /** One bar per entry: a stacked bar chart of one series. */
  private static String singleSeries(String title, String yLabel, String series, Map<String, Double> bars) {
    double[] values = bars.values().stream().mapToDouble(Double::doubleValue).toArray();
    return SvgPlot.stackedBars(title, yLabel, new ArrayList<>(bars.keySet()), Map.of(series, values));
  }

  private static Map<String, double[]> sorted(Map<String, double[]> stacks) {
    return new java.util.TreeMap<>(stacks);
  }

  private static void table(StringBuilder html, String id, List<String> header, List<List<String>> rows) {
    if (rows.isEmpty()) {
      html.append("<p class=\"note\" data-testid=\"").append(id).append("\">").append(escape(header.get(0)))
          .append(": none.</p>\n");
      return;
    }
    html.append("<table data-testid=\"").append(id).append("\">\n<tr>");
    for (String column : header) {
      html.append("<th>").append(escape(column)).append("</th>");
    }
    html.append("</tr>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      for (String cell : row) {
        boolean number = cell.matches("-?\\d+(\\.\\d+)?( ms)?");
        html.append(number ? "<td class=\"n\">" : "<td>").append(escape(cell).replace("\n", "<br>")).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static void notes(StringBuilder html, List<String> notes) {
    for (String note : notes) {
      html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
    }
  }

  private static List<List<String>> rows(SortedMap<String, Long> counts) {
    List<List<String>> rows = new ArrayList<>();
    counts.forEach((key, count) -> rows.add(List.of(key, Long.toString(count))));
    return rows;
  }

  private static String describe(SortedMap<String, Long> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((key, count) -> parts.add(key + " " + count));
    return String.join(", ", parts);
  }

  /** "1 turn", "2 turns". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Microseconds as milliseconds with one decimal, or a dash when there is none. */
  static String ms(Long micros) {
    return micros == null ? "-" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
