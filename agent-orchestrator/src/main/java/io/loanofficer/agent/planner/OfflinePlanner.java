package io.loanofficer.agent.planner;

import io.loanofficer.agent.guardrails.InputGuard;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.toolspec.ParameterKind;
import io.loanofficer.toolspec.ToolArguments;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolParameter;
import io.loanofficer.toolspec.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The model's stand-in when no LLM is configured: deterministic, no network.
 * <ol>
 *   <li>a question first passes the shared {@link InputGuard} (fair lending, PII, instruction override);</li>
 *   <li>a logistic-regression {@link IntentClassifier} trained on {@code planner/intents.tsv} ranks the intents
 *       (18 tools, greeting, thanks, help, off-topic, refusals); scores are adjusted for the kinds of id
 *       the question names (a borrower id does not fit a loan tool);</li>
 *   <li>the {@link EntityExtractor} fills the chosen tool's arguments, one call per named entity;
 *       missing ids come from the conversation ({@link ConversationContext}), else the planner asks;</li>
 *   <li>a short follow-up that only names new values ("what about B002?") repeats the previous tool;</li>
 *   <li>once tool results are in, the {@link AnswerComposer} writes the answer from them alone.</li>
 * </ol>
 */
public final class OfflinePlanner implements AgentModel {

  public static final String MODEL_NAME = "offline-planner-v1";
  private static final int MAX_CALLS = 10;

  /** Words that carry no intent of their own in a follow-up such as "and what about B002 too?". */
  private static final Set<String> FOLLOW_UP_WORDS = Set.of("and", "what", "about", "how", "for", "same", "now",
      "also", "too", "then", "ok", "okay", "do", "with", "instead", "borrower", "loan", "farmer", "try", "again",
      "one", "that", "this", "it", "is", "of", "if", "we", "i", "check", "run", "repeat", "as", "well", "in",
      "thing", "case", "at", "look", "on", "there", "next", "let", "so", "say", "was", "percent", "season", "price",
      "crop", "went", "go", "goe", "be", "were", "by", "to", "would",
      "zloanid", "zborrowerid", "zpct", "znum");

  private final IntentClassifier classifier;
  private final EntityExtractor extractor = new EntityExtractor();
  private final InputGuard guard = new InputGuard();
  private final AnswerComposer composer = new AnswerComposer();

  public OfflinePlanner() {
    this(IntentClassifier.fromClasspath());
  }

  public OfflinePlanner(IntentClassifier classifier) {
    this.classifier = classifier;
  }

  @Override
  public String modelName() {
    return MODEL_NAME;
  }

  /** Deterministic and local: asked in the owner's transaction, no round trip through agent.signals. */
  @Override
  public boolean answersInProcess() {
    return true;
  }

  @Override
  public ModelStep next(ModelRequest request) {
    List<ChatMessage> messages = request.messages();
    if (messages.isEmpty()) {
      return new ModelStep.Answer(Replies.help(request.tools()));
    }
    ChatMessage last = messages.get(messages.size() - 1);
    if (last instanceof ChatMessage.UserText user) {
      return plan(user.text(), messages.subList(0, messages.size() - 1), request.tools());
    }
    if (last instanceof ChatMessage.ToolResult || last instanceof ChatMessage.AssistantToolCalls) {
      return new ModelStep.Answer(composer.compose(messages));
    }
    return new ModelStep.Answer(Replies.help(request.tools()));
  }

  private ModelStep plan(String text, List<ChatMessage> history, List<ToolSpec> tools) {
    Optional<ModelStep.Refusal> refusal = guard.screen(text);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    Entities entities = extractor.extract(text);
    ConversationContext context = new ConversationContext(history, extractor);

    boolean onlyValues = onlyValues(text, entities);
    if (onlyValues && answeredWithoutTools(history)) {
      // the officer answers our question back ("Which loan?" → "L002"): plan the earlier question with it
      int asked = history.size() - 2;
      String earlier = ((ChatMessage.UserText) history.get(asked)).text();
      return plan(earlier + " " + text, history.subList(0, asked), tools);
    }
    // a message of bare values ("And B002?"), or one the classifier sees as no tool question at all
    // ("which option minimizes interest?"), may continue the previous tool with those values
    String intent = onlyValues ? null : bestIntent(text, entities, context);
    if (intent == null || ToolCatalogue.find(intent).isEmpty() && InputGuard.forIntent(intent).isEmpty()) {
      Optional<ModelStep> repeated = continuationOf(entities, context).flatMap(call -> available(call.tool(), tools)
          .map(spec -> invocations(spec, entities, call.arguments(), true, context)));
      if (repeated.isPresent()) {
        return repeated.get();
      }
      if (intent == null) {
        intent = bestIntent(text, entities, context);
      }
    }
    Optional<ModelStep.Refusal> learnedRefusal = InputGuard.forIntent(intent);
    if (learnedRefusal.isPresent()) {
      return learnedRefusal.get();
    }
    switch (intent) {
      case "greeting" -> {
        return new ModelStep.Answer(Replies.GREETING);
      }
      case "thanks" -> {
        return new ModelStep.Answer(Replies.THANKS);
      }
      case "help" -> {
        return new ModelStep.Answer(Replies.help(tools));
      }
      case "offtopic" -> {
        return new ModelStep.Answer(Replies.OFF_TOPIC);
      }
      default -> {
        Optional<ToolSpec> spec = available(intent, tools);
        if (spec.isEmpty()) {
          return new ModelStep.Answer(Replies.notAvailable(intent));
        }
        String chosen = intent;
        Map<String, String> base = context.previousCalls().stream()
            .filter(c -> c.tool().equals(chosen)).findFirst()
            .map(ConversationContext.PreviousCall::arguments).orElse(Map.of());
        return invocations(spec.get(), entities, base, false, context);
      }
    }
  }

  /**
   * The classifier's ranking, adjusted by which kinds of id the question names, or, when it names
   * none, which kinds the conversation offers (after "show me borrower B002", "and her loans?" is
   * about a borrower's loans, not one loan).
   */
  String bestIntent(String text, Entities e, ConversationContext context) {
    boolean loans = !e.loanIds().isEmpty();
    boolean borrowers = !e.borrowerIds().isEmpty();
    if (!loans && !borrowers) {
      loans = !context.recentIds("loan_id").isEmpty();
      borrowers = !context.recentIds("borrower_id").isEmpty();
    }
    Map<String, Double> adjusted = new TreeMap<>();
    for (IntentClassifier.Scored s : classifier.rank(text)) {
      adjusted.put(s.intent(), s.logScore() + fit(s.intent(), e.hasIds(), loans, borrowers));
    }
    return IntentClassifier.softmax(adjusted).get(0).intent();
  }

  private static double fit(String intent, boolean namesIds, boolean loans, boolean borrowers) {
    Optional<ToolSpec> spec = ToolCatalogue.find(intent);
    if (spec.isEmpty()) {
      return namesIds ? -8 : 0;
    }
    boolean loanTool = spec.get().parameter("loan_id").isPresent();
    boolean borrowerTool = spec.get().parameter("borrower_id").map(ToolParameter::required).orElse(false);
    if (loanTool && !loans && borrowers || borrowerTool && !borrowers && loans) {
      return -6;
    }
    if (spec.get().parameters().isEmpty() && namesIds) {
      return -4;
    }
    return 0;
  }

  /**
   * Whether the message names values and otherwise only filler words: "And B002?", "same for wheat",
   * "what if it drops 20%?". Such a message continues the conversation rather than asking anew.
   */
  private boolean onlyValues(String text, Entities e) {
    if (!e.hasAnyValue()) {
      return false;
    }
    for (String token : TextFeatures.tokens(text)) {
      if (!FOLLOW_UP_WORDS.contains(token) && !isEntityWord(token)) {
        return false;
      }
    }
    return true;
  }

  /** The previous turn was a user question answered in text without any tool (e.g. we asked back). */
  private static boolean answeredWithoutTools(List<ChatMessage> history) {
    int n = history.size();
    return n >= 2 && history.get(n - 1) instanceof ChatMessage.AssistantText
        && history.get(n - 2) instanceof ChatMessage.UserText;
  }

  /** The previous tool, when it takes the values this message names and none contradicts it. */
  private static Optional<ConversationContext.PreviousCall> continuationOf(Entities e, ConversationContext context) {
    List<ConversationContext.PreviousCall> previous = context.previousCalls();
    if (previous.isEmpty() || !e.hasAnyValue()) {
      return Optional.empty();
    }
    ConversationContext.PreviousCall call = previous.get(0);
    ToolSpec spec = ToolCatalogue.find(call.tool()).orElse(null);
    if (spec == null) {
      return Optional.empty();
    }
    boolean takes = (!e.loanIds().isEmpty() && spec.parameter("loan_id").isPresent())
        || (!e.borrowerIds().isEmpty() && spec.parameter("borrower_id").isPresent())
        || (!e.crops().isEmpty() && spec.parameter("crop_type").isPresent())
        || (!e.seasons().isEmpty() && spec.parameter("season").isPresent())
        || (!e.commodities().isEmpty() && spec.parameter("commodity").isPresent())
        || (e.priceChange().isPresent() && spec.parameter("price_change_percent").isPresent())
        || (e.goal().isPresent() && spec.parameter("restructuring_goal").isPresent());
    boolean contradicts = (!e.loanIds().isEmpty() && spec.parameter("loan_id").isEmpty())
        || (!e.borrowerIds().isEmpty() && spec.parameter("borrower_id").isEmpty());
    return takes && !contradicts ? Optional.of(call) : Optional.empty();
  }

  private boolean isEntityWord(String token) {
    Entities e = extractor.extract(token);
    return e.hasAnyValue() || EntityExtractor.isDirectionWord(token);
  }

  private static Optional<ToolSpec> available(String name, List<ToolSpec> tools) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * One call per combination of the named values (two borrowers → two calls). {@code base} holds the
   * arguments of the previous call of the same tool; the goal is carried over only for a repeat.
   */
  private ModelStep invocations(ToolSpec spec, Entities e, Map<String, String> base, boolean repeat,
      ConversationContext context) {
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (ToolParameter p : spec.parameters()) {
      List<String> values = valuesFor(spec, p, e, base, repeat, context);
      if (values.isEmpty()) {
        if (p.required()) {
          return new ModelStep.Answer(Replies.askFor(p.name()));
        }
        continue;
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combinations) {
        for (String v : values) {
          Map<String, String> copy = new LinkedHashMap<>(c);
          copy.put(p.name(), v);
          next.add(copy);
        }
      }
      combinations = next;
    }
    List<ToolInvocation> calls = new ArrayList<>();
    for (Map<String, String> args : combinations.subList(0, Math.min(MAX_CALLS, combinations.size()))) {
      ToolArguments.Validated validated = ToolArguments.validate(spec, args);
      if (!validated.valid()) {
        return new ModelStep.Answer("I could not prepare that request: " + String.join("; ", validated.problems()) + ".");
      }
      calls.add(new ToolInvocation("call-" + (calls.size() + 1), spec.name(), Json.write(validated.arguments())));
    }
    return new ModelStep.CallTools(calls);
  }

  private static List<String> valuesFor(ToolSpec spec, ToolParameter p, Entities e, Map<String, String> base,
      boolean repeat, ConversationContext context) {
    String previous = base.get(p.name());
    switch (p.name()) {
      case "loan_id" -> {
        return e.loanIds().isEmpty() ? context.recentIds("loan_id") : e.loanIds();
      }
      case "borrower_id" -> {
        if (p.kind() == ParameterKind.BORROWER_ID && !p.required()) {
          // optional: portfolio-wide unless a borrower is named or referred to
          if (!e.borrowerIds().isEmpty()) {
            return e.borrowerIds();
          }
          if (e.portfolioScope()) {
            return List.of();
          }
          if (e.refersToBorrower()) {
            return context.recentIds("borrower_id");
          }
          return repeat && previous != null ? context.recentIds("borrower_id") : List.of();
        }
        return e.borrowerIds().isEmpty() ? context.recentIds("borrower_id") : e.borrowerIds();
      }
      case "crop_type" -> {
        return firstNonEmpty(e.crops(), previous);
      }
      case "season" -> {
        List<String> seasons = firstNonEmpty(e.seasons(), previous);
        return seasons.isEmpty() ? List.of("current") : seasons;
      }
      case "commodity" -> {
        List<String> named = e.commodities().isEmpty() ? e.crops().stream().filter(c -> !"other".equals(c)).toList()
            : e.commodities();
        return firstNonEmpty(named, previous);
      }
      case "price_change_percent" -> {
        return firstNonEmpty(e.priceChange().stream().toList(), previous);
      }
      case "restructuring_goal" -> {
        if (e.goal().isPresent()) {
          return List.of(e.goal().get());
        }
        return repeat && previous != null ? List.of(previous) : List.of();
      }
      default -> {
        return previous == null ? List.of() : List.of(previous);
      }
    }
  }

  private static List<String> firstNonEmpty(List<String> named, String previous) {
    if (!named.isEmpty()) {
      return named;
    }
    return previous == null ? List.of() : List.of(previous);
  }
}
