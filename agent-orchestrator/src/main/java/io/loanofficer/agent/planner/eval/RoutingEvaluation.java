package io.loanofficer.agent.planner.eval;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.agent.planner.OfflinePlanner;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores an {@link AgentModel} on a routing set (eval/README.md): each case's earlier turns build
 * the history as the orchestrator would (user text, assistant tool calls, OK results with content
 * "{}", the assistant's answer); the last turn's tool calls must equal the expected set (tool name and
 * arguments), and {@code refuse} cases must be declined. Prints each miss, then
 * {@code routing accuracy: N/M} as the last line.
 *
 * <p>Usage: {@code RoutingEvaluation [file.jsonl]}; default {@code ../shared/eval/routing-public.jsonl}
 * relative to the repository root (the working directory or its parent).
 */
public final class RoutingEvaluation {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String DEFAULT_SET = "../shared/eval/routing-public.jsonl";

  public record Call(String tool, Map<String, String> args) {
    public Call {
      args = new TreeMap<>(args);
    }

    @Override
    public String toString() {
      return tool + args;
    }
  }

  public record Case(String id, List<String> turns, Set<Call> expect, boolean refuse) {}

  public record Outcome(Case testCase, ModelStep step, Set<Call> actual, boolean pass) {}

  public record Report(List<Outcome> outcomes) {
    public long passed() {
      return outcomes.stream().filter(Outcome::pass).count();
    }

    public int total() {
      return outcomes.size();
    }

    public List<Outcome> misses() {
      return outcomes.stream().filter(o -> !o.pass()).toList();
    }

    public String scoreLine() {
      return "routing accuracy: " + passed() + "/" + total();
    }
  }

  private RoutingEvaluation() {}

  public static void main(String[] args) throws IOException {
    Path file = args.length > 0 ? Path.of(args[0]) : defaultSet();
    Report report = evaluate(new OfflinePlanner(), load(file), ToolCatalogue.ALL);
    print(report, System.out);
  }

  private static Path defaultSet() {
    for (Path candidate : List.of(Path.of(DEFAULT_SET), Path.of("..").resolve(DEFAULT_SET))) {
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return Path.of(DEFAULT_SET);
  }

  public static void print(Report report, PrintStream out) {
    for (Outcome miss : report.misses()) {
      Case c = miss.testCase();
      out.println("MISS " + c.id() + " " + c.turns() + "\n  expected " + (c.refuse() ? "REFUSAL " : "")
          + c.expect() + "\n  got      " + describe(miss.step()));
    }
    for (Outcome o : report.outcomes()) {
      if (o.pass() && !o.testCase().refuse() && o.step() instanceof ModelStep.Refusal) {
        out.println("note " + o.testCase().id() + ": refused although no refusal was expected");
      }
    }
    out.println(report.scoreLine());
  }

  private static String describe(ModelStep step) {
    if (step instanceof ModelStep.CallTools calls) {
      return calls.calls().stream().map(c -> c.tool() + c.argumentsJson()).toList().toString();
    }
    if (step instanceof ModelStep.Refusal r) {
      return "REFUSAL(" + r.reason() + ") " + r.text();
    }
    return "ANSWER " + ((ModelStep.Answer) step).text().replace('\n', ' ');
  }

  public static List<Case> load(Path file) throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      List<String> turns = new ArrayList<>();
      node.path("turns").forEach(t -> turns.add(t.asString()));
      Set<Call> expect = new HashSet<>();
      node.path("expect").forEach(e -> expect.add(new Call(e.path("tool").asString(), strings(e.path("args")))));
      cases.add(new Case(node.path("id").asString(), List.copyOf(turns), Set.copyOf(expect),
          node.path("refuse").asBoolean(false)));
    }
    return cases;
  }

  public static Report evaluate(AgentModel model, List<Case> cases, List<ToolSpec> tools) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Case c : cases) {
      outcomes.add(run(model, c, tools));
    }
    return new Report(outcomes);
  }

  public static Outcome run(AgentModel model, Case c, List<ToolSpec> tools) {
    List<ChatMessage> history = new ArrayList<>();
    for (String earlier : c.turns().subList(0, c.turns().size() - 1)) {
      history.add(new ChatMessage.UserText(earlier));
      ModelStep step = model.next(new ModelRequest(c.id(), history, tools));
      if (step instanceof ModelStep.CallTools calls) {
        history.add(new ChatMessage.AssistantToolCalls(calls.calls()));
        for (ToolInvocation call : calls.calls()) {
          history.add(new ChatMessage.ToolResult(call.callId(), call.tool(), call.argumentsJson(), "OK", "{}"));
        }
        step = model.next(new ModelRequest(c.id(), history, tools));
      }
      history.add(new ChatMessage.AssistantText(step instanceof ModelStep.Answer a ? a.text()
          : step instanceof ModelStep.Refusal r ? r.text() : ""));
    }
    history.add(new ChatMessage.UserText(c.turns().get(c.turns().size() - 1)));
    ModelStep step = model.next(new ModelRequest(c.id(), history, tools));
    Set<Call> actual = new HashSet<>();
    if (step instanceof ModelStep.CallTools calls) {
      for (ToolInvocation call : calls.calls()) {
        actual.add(new Call(call.tool(), strings(JSON.readTree(call.argumentsJson()))));
      }
    }
    boolean pass = actual.equals(c.expect()) && (!c.refuse() || step instanceof ModelStep.Refusal);
    return new Outcome(c, step, Set.copyOf(actual), pass);
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      out.put(e.getKey(), e.getValue().asString());
    }
    return out;
  }
}
