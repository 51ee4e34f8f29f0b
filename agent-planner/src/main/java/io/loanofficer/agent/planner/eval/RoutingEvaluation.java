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
 * <p>Look-ups: a turn may take several rounds (a name is looked up with {@code findBorrowers}, a
 * borrower's loans with {@code getLoansByBorrower}, then the tool asked for). Those two tools are
 * answered as they would answer an analyst on the sample data ({@link SampleData}), every other call
 * with "{}", and the model asked again, up to {@value #MAX_ROUNDS} rounds. The last turn's calls are
 * those of all its rounds, except a {@code getLoansByBorrower} round that only fetched the loans for a
 * further round (the officer asked about the loans, not for the list): "Show me Jane Smith's loans" is
 * {@code findBorrowers{name: Jane Smith}} and {@code getLoansByBorrower{borrower_id: B002}}.
 *
 * <p>Usage: {@code RoutingEvaluation [file.jsonl ...]}; default {@code ../shared/eval/routing-public.jsonl}
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

  static final int MAX_ROUNDS = 5;

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

  /**
   * Each given set (default: the public set) with its misses, then its leak figure against the training
   * corpus ({@link LeakCheck}) and its score; with several sets, each score line names its set.
   */
  public static void main(String[] args) throws IOException {
    List<Path> files = args.length > 0 ? java.util.Arrays.stream(args).map(Path::of).toList() : List.of(defaultSet());
    OfflinePlanner planner = new OfflinePlanner();
    LeakCheck leaks = LeakCheck.ofTrainingCorpus();
    for (Path file : files) {
      List<Case> cases = load(file);
      Report report = evaluate(planner, cases, ToolCatalogue.ALL);
      LeakCheck.Result leaked = leaks.check(cases);
      leaked.leaks().forEach(l -> System.out.println("LEAK " + l));
      System.out.println(file.getFileName() + " " + leaked.scoreLine());
      print(report, System.out, files.size() > 1 ? " (" + file.getFileName() + ")" : "");
    }
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
    print(report, out, "");
  }

  private static void print(Report report, PrintStream out, String suffix) {
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
    out.println(report.scoreLine() + suffix);
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
      ModelStep step = rounds(model, c.id(), history, tools, new ArrayList<>());
      history.add(new ChatMessage.AssistantText(step instanceof ModelStep.Answer a ? a.text()
          : step instanceof ModelStep.Refusal r ? r.text() : ""));
    }
    history.add(new ChatMessage.UserText(c.turns().get(c.turns().size() - 1)));
    List<List<ToolInvocation>> rounds = new ArrayList<>();
    ModelStep step = rounds(model, c.id(), history, tools, rounds);
    Set<Call> actual = new HashSet<>();
    for (int i = 0; i < rounds.size(); i++) {
      boolean loansFetched = i + 1 < rounds.size()
          && rounds.get(i).stream().allMatch(x -> "getLoansByBorrower".equals(x.tool()));
      if (!loansFetched) {
        rounds.get(i).forEach(call -> actual.add(new Call(call.tool(), strings(JSON.readTree(call.argumentsJson())))));
      }
    }
    boolean pass = actual.equals(c.expect()) && (!c.refuse() || step instanceof ModelStep.Refusal);
    return new Outcome(c, rounds.isEmpty() ? step : new ModelStep.CallTools(rounds.stream().flatMap(List::stream).toList()),
        Set.copyOf(actual), pass);
  }

  /** Asks the model round after round, answering its calls, until it answers in text; records the rounds. */
  private static ModelStep rounds(AgentModel model, String id, List<ChatMessage> history, List<ToolSpec> tools,
      List<List<ToolInvocation>> rounds) {
    ModelStep step = model.next(new ModelRequest(id, history, tools));
    for (int round = 0; round < MAX_ROUNDS && step instanceof ModelStep.CallTools calls; round++) {
      rounds.add(calls.calls());
      history.add(new ChatMessage.AssistantToolCalls(calls.calls()));
      for (ToolInvocation call : calls.calls()) {
        history.add(SampleData.answer(call));
      }
      step = model.next(new ModelRequest(id, history, tools));
    }
    return step;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      out.put(e.getKey(), e.getValue().asString());
    }
    return out;
  }
}
