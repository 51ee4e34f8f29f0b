package io.loanofficer.agent.planner.eval;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.text.NameMatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routing evaluation's stand-in for the two look-up tools, on the sample borrowers of
 * lending-domain.md ({@code planner/eval-sample-data.tsv}) as an analyst sees them: {@code findBorrowers}
 * with the tool's own matching rule ({@link NameMatch}: exact matches first, else close ones) and
 * {@code getLoansByBorrower} with each borrower's loans. Any other call gets "{}": routing is judged on
 * the calls, not on figures.
 */
final class SampleData {

  private record Borrower(String id, String first, String last, String farmType, List<String> loans) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<Borrower> BORROWERS = load();

  private SampleData() {}

  private static List<Borrower> load() {
    List<Borrower> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        SampleData.class.getResourceAsStream("/planner/eval-sample-data.tsv"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(new Borrower(f[0], f[1], f[2], f[3], List.of(f[4].split(","))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }

  static ChatMessage.ToolResult answer(ToolInvocation call) {
    Map<String, Object> args = JSON.readValue(call.argumentsJson(), Map.class);
    return switch (call.tool()) {
      case "findBorrowers" -> find(call, String.valueOf(args.get("name")));
      case "getLoansByBorrower" -> loans(call, String.valueOf(args.get("borrower_id")));
      default -> result(call, "OK", "{}");
    };
  }

  private static ChatMessage.ToolResult find(ToolInvocation call, String name) {
    List<String> typed = NameMatch.words(name);
    List<Borrower> matches = NameMatch.matches(typed, BORROWERS, Borrower::first, Borrower::last);
    if (matches.isEmpty()) {
      return result(call, "NOT_FOUND", "borrower with a matching name in the caller's portfolio not found");
    }
    ObjectNode r = JSON.createObjectNode().put("name", name).put("status", matches.size() == 1 ? "FOUND" : "AMBIGUOUS");
    ArrayNode candidates = r.putArray("candidates");
    matches.forEach(b -> candidates.addObject().put("borrower_id", b.id()).put("borrower_name", b.first() + " " + b.last())
        .put("farm_type", b.farmType()));
    r.put("count", matches.size());
    return result(call, "OK", JSON.writeValueAsString(r));
  }

  private static ChatMessage.ToolResult loans(ToolInvocation call, String borrowerId) {
    for (Borrower b : BORROWERS) {
      if (b.id().equals(borrowerId)) {
        ObjectNode r = JSON.createObjectNode().put("borrower_id", b.id()).put("borrower_name", b.first() + " " + b.last());
        ArrayNode loans = r.putArray("loans");
        b.loans().forEach(l -> loans.addObject().put("loan_id", l));
        r.put("count", b.loans().size());
        return result(call, "OK", JSON.writeValueAsString(r));
      }
    }
    return result(call, "NOT_FOUND", "borrower " + borrowerId + " not found");
  }

  private static ChatMessage.ToolResult result(ToolInvocation call, String outcome, String content) {
    return new ChatMessage.ToolResult(call.callId(), call.tool(), call.argumentsJson(), outcome, content);
  }
}
