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
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The model's stand-in when no LLM is configured: deterministic, no network.
 * <ol>
 *   <li>a question first passes the shared {@link InputGuard} (fair lending, PII, instruction override);</li>
 *   <li>a logistic-regression {@link IntentClassifier} trained on {@code planner/intents.tsv} ranks the intents
 *       (19 tools, greeting, thanks, help, off-topic, refusals); scores are adjusted for the kinds of id
 *       the question names (a borrower id does not fit a loan tool);</li>
 *   <li>the {@link EntityExtractor} fills the chosen tool's arguments, one call per named entity;
 *       missing ids come from the conversation ({@link ConversationContext}), else the planner asks;</li>
 *   <li>a short follow-up that only names new values ("what about B002?") repeats the previous tool;</li>
 *   <li>look-ups before the real call, each a round of its own: a person's name becomes a borrower id
 *       through {@code findBorrowers} (several fits: the planner asks which), and a loan tool asked about a
 *       borrower ("is their collateral sufficient?") gets that borrower's loans through
 *       {@code getLoansByBorrower}, then one call per loan;</li>
 *   <li>once tool results are in, the {@link AnswerComposer} writes the answer from them alone.</li>
 * </ol>
 */
public final class OfflinePlanner implements AgentModel {

  public static final String MODEL_NAME = "offline-planner-v1";
  private static final int MAX_CALLS = 10;

  static final String FIND_BORROWERS = "findBorrowers";
  private static final String FAIR_LENDING_INTENT = "refuse_fair_lending";
  /** Half the penalty of a borrower tool without a borrower: "Is Jane Smith's collateral sufficient?" is a loan tool. */
  private static final double LOAN_TOOL_FOR_A_BORROWER = -3;
  static final String LOANS_BY_BORROWER = "getLoansByBorrower";
  /** Tools the planner may call only to resolve what the officer named, before the tool asked for. */
  static final Set<String> LOOKUPS = Set.of(FIND_BORROWERS, LOANS_BY_BORROWER);

  /** Words that carry no intent of their own in a follow-up such as "and what about B002 too?". */
  private static final Set<String> FOLLOW_UP_WORDS = Set.of("and", "what", "about", "how", "for", "same", "now",
      "also", "too", "then", "ok", "okay", "do", "with", "instead", "borrower", "loan", "farmer", "try", "again",
      "one", "that", "this", "it", "is", "of", "if", "we", "i", "check", "run", "repeat", "as", "well", "in",
      "thing", "case", "at", "look", "on", "there", "next", "let", "so", "say", "was", "percent", "season", "price",
      "crop", "went", "go", "goe", "be", "were", "by", "to", "would", "but",
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
      return new ModelStep.Answer(FixedReplies.help(request.tools()));
    }
    ChatMessage last = messages.get(messages.size() - 1);
    if (last instanceof ChatMessage.UserText user) {
      return plan(user.text(), messages.subList(0, messages.size() - 1), request.tools(), Resolution.NONE);
    }
    if (last instanceof ChatMessage.ToolResult || last instanceof ChatMessage.AssistantToolCalls) {
      return afterLookups(messages, request.tools()).orElseGet(() -> new ModelStep.Answer(composer.compose(messages)));
    }
    return new ModelStep.Answer(FixedReplies.help(request.tools()));
  }

  /** The guard's refusal as this model's step: the same text and reason the engine would give. */
  private static ModelStep.Refusal refusal(InputGuard.Refusal refusal) {
    return new ModelStep.Refusal(refusal.text(), refusal.reason());
  }

  private ModelStep plan(String text, List<ChatMessage> history, List<ToolSpec> tools, Resolution resolution) {
    Optional<InputGuard.Refusal> refusal = guard.screen(text);
    if (refusal.isPresent()) {
      return refusal(refusal.get());
    }
    Entities entities = resolution.apply(extractor.extract(text));
    ConversationContext context = new ConversationContext(history, extractor);

    boolean onlyValues = onlyValues(text, entities);
    int asked = askedBack(history);
    if (onlyValues && asked >= 0) {
      // the officer answers our question back ("Which loan?" → "L002", "Which Ivy?" → "Henry Ivy"):
      // plan the earlier question with it; a borrower given now replaces the name that was unclear
      String earlier = ((ChatMessage.UserText) history.get(asked)).text();
      Entities reply = extractor.extract(text);
      if (!reply.names().isEmpty() || !reply.borrowerIds().isEmpty()) {
        earlier = PersonNames.replace(earlier, " ");
      }
      return plan(earlier + " " + text, history.subList(0, asked), tools, resolution);
    }
    // a message of bare values ("And B002?"), or one the classifier sees as no tool question at all
    // ("which option minimizes interest?"), may continue the previous tool with those values
    String intent = onlyValues ? null : bestIntent(text, entities, context);
    if (intent == null || ToolCatalogue.find(intent).isEmpty() && InputGuard.forIntent(intent).isEmpty()) {
      Optional<ModelStep> repeated = continuationOf(entities, context).flatMap(call -> available(call.tool(), tools)
          .map(spec -> invocations(spec, entities, call.arguments(), true, context, tools, resolution)));
      if (repeated.isPresent()) {
        return repeated.get();
      }
      if (intent == null) {
        intent = bestIntent(text, entities, context);
      }
    }
    Optional<InputGuard.Refusal> learnedRefusal = InputGuard.forIntent(intent);
    if (learnedRefusal.isPresent()) {
      return refusal(learnedRefusal.get());
    }
    switch (intent) {
      case "greeting" -> {
        return new ModelStep.Answer(FixedReplies.GREETING);
      }
      case "thanks" -> {
        return new ModelStep.Answer(FixedReplies.THANKS);
      }
      case "help" -> {
        return new ModelStep.Answer(FixedReplies.help(tools));
      }
      case "offtopic" -> {
        return new ModelStep.Answer(FixedReplies.OFF_TOPIC);
      }
      default -> {
        Optional<ToolSpec> spec = available(intent, tools);
        if (spec.isEmpty()) {
          return new ModelStep.Answer(FixedReplies.notAvailable(intent));
        }
        // a name search may name someone in lower case and in one word ("borrower number for smith")
        Entities values = FIND_BORROWERS.equals(intent) && entities.names().isEmpty()
            ? entities.withNames(PersonNames.searched(text)) : entities;
        Optional<ModelStep> several = clauses(text, values, intent, context, tools, resolution);
        if (several.isPresent()) {
          return several.get();
        }
        return invocations(spec.get(), values, baseOf(intent, context), false, context, tools, resolution);
      }
    }
  }

  private static Map<String, String> baseOf(String tool, ConversationContext context) {
    return context.previousCalls().stream().filter(c -> c.tool().equals(tool)).findFirst()
        .map(ConversationContext.PreviousCall::arguments).orElse(Map.of());
  }

  /** Where a question asks for several things: "X and Y", "X plus Y", "X + Y", "X vs Y", "X; Y". */
  private static final Pattern CLAUSE = Pattern.compile(
      "\\s*,?\\s*(?:\\band\\b|\\bplus\\b|\\+(?!\\s*\\d)|&|\\bvs\\.?|\\bversus\\b|\\bas well as\\b|\\balong with\\b"
          + "|\\btogether with\\b|;)\\s*", Pattern.CASE_INSENSITIVE);
  /** A clause asks on its own when its words (not counting values and filler) say something... */
  private static final int CLAUSE_WORDS = 1;
  /** ...and the classifier is at least this sure of what. */
  private static final double CLAUSE_CONFIDENCE = 0.5;

  /**
   * A question of several clauses that ask different tools ("B012: non-accrual risk plus their payment
   * track record"), or the same tool with different values per clause ("corn in the fall, and wheat in
   * winter"): each clause planned with its own values, and the question's for what it does not name;
   * the calls joined. Empty when the question is one request, or when a clause cannot be planned on its
   * own (then the question is planned whole). Look-ups a clause needs come first, alone.
   */
  private Optional<ModelStep> clauses(String text, Entities whole, String wholeIntent, ConversationContext context,
      List<ToolSpec> tools, Resolution resolution) {
    List<String> parts = clauseParts(text);
    if (parts.size() < 2) {
      return Optional.empty();
    }
    List<String> intents = new ArrayList<>();
    List<Entities> values = new ArrayList<>();
    int withOwnValues = 0;
    for (String part : parts) {
      if (part.isBlank()) {
        continue;
      }
      Entities own = resolution.apply(extractor.extract(part));
      Entities e = own.orElse(whole);
      String intent = wholeIntent;
      if (contentWords(part) >= CLAUSE_WORDS) {
        IntentClassifier.Scored top = ranked(part, e, context).get(0);
        if (ToolCatalogue.find(top.intent()).isPresent() && top.probability() >= CLAUSE_CONFIDENCE) {
          intent = top.intent();
        }
      }
      withOwnValues += own.hasAnyValue() ? 1 : 0;
      intents.add(intent);
      values.add(e);
    }
    if (intents.stream().distinct().count() < 2 && withOwnValues < 2) {
      return Optional.empty();
    }
    List<ToolInvocation> lookups = new ArrayList<>();
    List<ToolInvocation> answers = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < intents.size(); i++) {
      Optional<ToolSpec> spec = available(intents.get(i), tools);
      if (spec.isEmpty()) {
        return Optional.empty();
      }
      ModelStep step = invocations(spec.get(), values.get(i), baseOf(intents.get(i), context), false, context, tools,
          resolution);
      if (!(step instanceof ModelStep.CallTools calls)) {
        return Optional.empty();
      }
      for (ToolInvocation c : calls.calls()) {
        boolean lookup = LOOKUPS.contains(c.tool()) && !c.tool().equals(intents.get(i));
        if (seen.add(c.tool() + new TreeMap<>(ToolCallJson.arguments(c.argumentsJson())))) {
          (lookup ? lookups : answers).add(c);
        }
      }
    }
    List<ToolInvocation> chosen = lookups.isEmpty() ? answers : lookups;
    List<ToolInvocation> numbered = new ArrayList<>();
    for (ToolInvocation c : chosen.subList(0, Math.min(MAX_CALLS, chosen.size()))) {
      numbered.add(new ToolInvocation("call-" + (numbered.size() + 1), c.tool(), c.argumentsJson()));
    }
    return Optional.of(new ModelStep.CallTools(numbered));
  }

  /** Ids joined by "and" are a list, not clauses: "loans L001 and L011 are ...". */
  private static final Pattern ID_BEFORE = Pattern.compile("(?i)\\b([lb])-?\\d+\\W*$");
  private static final Pattern ID_AFTER = Pattern.compile("(?i)^\\W*([lb])-?\\d+\\b");

  private static List<String> clauseParts(String text) {
    List<String> parts = new ArrayList<>();
    java.util.regex.Matcher m = CLAUSE.matcher(text);
    int start = 0;
    int from = 0;
    while (m.find()) {
      java.util.regex.Matcher before = ID_BEFORE.matcher(text.substring(from, m.start()));
      java.util.regex.Matcher after = ID_AFTER.matcher(text.substring(m.end()));
      if (before.find() && after.find() && before.group(1).equalsIgnoreCase(after.group(1))) {
        from = m.end();
        continue;
      }
      parts.add(text.substring(start, m.start()));
      start = m.end();
      from = m.end();
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** The words of a message that are neither values nor follow-up filler. */
  private int contentWords(String text) {
    int n = 0;
    for (String token : TextFeatures.tokens(text)) {
      if (!FOLLOW_UP_WORDS.contains(token) && !isEntityWord(token)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The classifier's ranking, adjusted by which kinds of id the question names, or, when it names
   * none, which kinds the conversation offers (after "show me borrower B002", "and her loans?" is
   * about a borrower's loans, not one loan).
   */
  String bestIntent(String text, Entities e, ConversationContext context) {
    return ranked(text, e, context).get(0).intent();
  }

  /** A greeting before a request ("hi, risk farmers please"): the request is what is classified. */
  private static final Pattern GREETING = Pattern.compile(
      "(?i)^\\s*(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|morning|greetings)\\b[\\s,!.:;-]*");

  private List<IntentClassifier.Scored> ranked(String text, Entities e, ConversationContext context) {
    String request = GREETING.matcher(text).replaceFirst("");
    if (!request.equals(text) && contentWords(request) >= 1) {
      return ranked(request, e, context);
    }
    boolean loans = !e.loanIds().isEmpty();
    boolean borrowers = !e.borrowerIds().isEmpty() || !e.names().isEmpty();
    if (!loans && !borrowers) {
      loans = !context.recentIds("loan_id").isEmpty();
      borrowers = !context.recentIds("borrower_id").isEmpty();
    }
    Map<String, Double> adjusted = new TreeMap<>();
    for (IntentClassifier.Scored s : classifier.rank(text)) {
      adjusted.put(s.intent(), s.logScore() + fit(s.intent(), e.hasIds() || !e.names().isEmpty(), loans, borrowers));
    }
    if (!InputGuard.mentionsProtectedGround(PersonNames.replace(text, " "))) {
      // a learned fair-lending refusal needs a protected ground in the question: "shaky" is a risk word
      adjusted.remove(FAIR_LENDING_INTENT);
    }
    return IntentClassifier.softmax(adjusted);
  }

  private static double fit(String intent, boolean namesIds, boolean loans, boolean borrowers) {
    Optional<ToolSpec> spec = ToolCatalogue.find(intent);
    if (spec.isEmpty()) {
      return namesIds ? -8 : 0;
    }
    boolean loanTool = spec.get().parameter("loan_id").isPresent();
    boolean borrowerTool = spec.get().parameter("borrower_id").map(ToolParameter::required).orElse(false);
    if (borrowerTool && !borrowers && loans) {
      return -6;
    }
    if (loanTool && !loans && borrowers) {
      // a loan tool can still serve a borrower (through their loans), so a weaker hint than the above
      return LOAN_TOOL_FOR_A_BORROWER;
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

  /**
   * The index of the previous question when it was answered in text without a tool, or after name
   * look-ups only (we asked back: "Which loan?", "Which borrower do you mean by Ivy?"); else -1.
   */
  private static int askedBack(List<ChatMessage> history) {
    int n = history.size();
    if (n < 2 || !(history.get(n - 1) instanceof ChatMessage.AssistantText)) {
      return -1;
    }
    for (int i = n - 2; i >= 0; i--) {
      ChatMessage m = history.get(i);
      if (m instanceof ChatMessage.UserText) {
        return i;
      }
      boolean lookup = m instanceof ChatMessage.ToolResult r && FIND_BORROWERS.equals(r.tool())
          || m instanceof ChatMessage.AssistantToolCalls c && c.calls().stream().allMatch(x -> FIND_BORROWERS.equals(x.tool()));
      if (!lookup) {
        return -1;
      }
    }
    return -1;
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
      ConversationContext context, List<ToolSpec> tools, Resolution resolution) {
    Optional<ModelStep> lookup = lookups(spec, e, context, tools, resolution);
    if (lookup.isPresent()) {
      return lookup.get();
    }
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (ToolParameter p : spec.parameters()) {
      List<String> values = valuesFor(spec, p, e, base, repeat, context);
      if (values.isEmpty()) {
        if (p.required()) {
          return new ModelStep.Answer(FixedReplies.askFor(p.name()));
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
      calls.add(new ToolInvocation("call-" + (calls.size() + 1), spec.name(), ToolCallJson.write(validated.arguments())));
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
      case "name" -> {
        return e.names();
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

  /**
   * What must be looked up before the tool can be called: a borrower the officer named rather than
   * gave an id for (findBorrowers), or, for a loan tool asked about a borrower, that borrower's loans
   * (getLoansByBorrower). Ids typed in the question always win over names and the conversation.
   */
  private Optional<ModelStep> lookups(ToolSpec spec, Entities e, ConversationContext context, List<ToolSpec> tools,
      Resolution resolution) {
    boolean loanTool = spec.parameter("loan_id").isPresent();
    boolean borrowerTool = spec.parameter("borrower_id").isPresent();
    if (FIND_BORROWERS.equals(spec.name()) || !loanTool && !borrowerTool) {
      return Optional.empty();
    }
    boolean idsGiven = loanTool ? !e.loanIds().isEmpty() : !e.borrowerIds().isEmpty();
    if (!idsGiven && e.borrowerIds().isEmpty() && !e.names().isEmpty()) {
      if (available(FIND_BORROWERS, tools).isEmpty()) {
        return Optional.of(new ModelStep.Answer(FixedReplies.askFor("borrower_id")));
      }
      return Optional.of(calls(FIND_BORROWERS, "name", e.names()));
    }
    if (!loanTool || !e.loanIds().isEmpty()) {
      return Optional.empty();
    }
    List<String> owners = !e.borrowerIds().isEmpty() ? e.borrowerIds()
        : e.refersToLoan() ? List.of()
        : e.refersToBorrower() || context.borrowerIsMoreRecent() ? context.recentIds("borrower_id") : List.of();
    if (owners.isEmpty()) {
      return Optional.empty();
    }
    if (resolution.loansLookedUp()) {
      // looked up and none found (the loans themselves were added to the entities)
      return Optional.of(new ModelStep.Answer(FixedReplies.noLoans(owners)));
    }
    if (available(LOANS_BY_BORROWER, tools).isEmpty()) {
      return Optional.of(new ModelStep.Answer(FixedReplies.askFor("loan_id")));
    }
    return Optional.of(calls(LOANS_BY_BORROWER, "borrower_id", owners));
  }

  private static ModelStep.CallTools calls(String tool, String argument, List<String> values) {
    List<ToolInvocation> calls = new ArrayList<>();
    for (String v : values.subList(0, Math.min(MAX_CALLS, values.size()))) {
      calls.add(new ToolInvocation("call-" + (calls.size() + 1), tool, ToolCallJson.write(Map.of(argument, v))));
    }
    return new ModelStep.CallTools(calls);
  }

  /** What the look-up rounds of the running turn found: borrower ids per typed name, and loans. */
  record Resolution(Map<String, String> borrowerByName, List<String> loans, boolean loansLookedUp) {
    static final Resolution NONE = new Resolution(Map.of(), List.of(), false);

    Entities apply(Entities e) {
      Entities out = e;
      if (!borrowerByName.isEmpty() && !e.names().isEmpty()) {
        List<String> ids = e.names().stream().map(borrowerByName::get).filter(java.util.Objects::nonNull).toList();
        if (ids.size() == e.names().size()) {
          out = out.withResolvedBorrowers(ids);
        }
      }
      return loans.isEmpty() ? out : out.withLoans(loans);
    }
  }

  /**
   * After a round of tool results: when the running turn's latest round was a look-up, either ask
   * (a name fits several borrowers, or none) or plan the officer's question again with what was found,
   * which yields the next round (call ids continue the turn's numbering). Empty when the latest round
   * was the real answer's, i.e. re-planning would repeat a round of this turn.
   */
  private Optional<ModelStep> afterLookups(List<ChatMessage> messages, List<ToolSpec> tools) {
    int question = -1;
    for (int i = messages.size() - 1; i >= 0 && question < 0; i--) {
      if (messages.get(i) instanceof ChatMessage.UserText) {
        question = i;
      }
    }
    if (question < 0) {
      return Optional.empty();
    }
    List<List<ToolInvocation>> rounds = new ArrayList<>();
    Map<String, ChatMessage.ToolResult> results = new LinkedHashMap<>();
    for (ChatMessage m : messages.subList(question + 1, messages.size())) {
      if (m instanceof ChatMessage.AssistantToolCalls c) {
        rounds.add(c.calls());
      } else if (m instanceof ChatMessage.ToolResult r) {
        results.put(r.callId(), r);
      }
    }
    if (rounds.isEmpty() || !rounds.get(rounds.size() - 1).stream().allMatch(c -> LOOKUPS.contains(c.tool()))) {
      return Optional.empty();
    }
    String text = ((ChatMessage.UserText) messages.get(question)).text();
    List<ChatMessage> before = messages.subList(0, question);
    if (FIND_BORROWERS.equals(bestIntent(text, extractor.extract(text), new ConversationContext(before, extractor)))) {
      return Optional.empty(); // the officer asked for the search itself: its result is the answer
    }
    Map<String, String> borrowerByName = new LinkedHashMap<>();
    List<String> loans = new ArrayList<>();
    boolean loansLookedUp = false;
    List<String> questions = new ArrayList<>();
    int made = 0;
    for (List<ToolInvocation> round : rounds) {
      for (ToolInvocation call : round) {
        made++;
        ChatMessage.ToolResult result = results.get(call.callId());
        JsonNode json = result != null && result.ok() ? ToolCallJson.parse(result.content()).orElse(null) : null;
        if (FIND_BORROWERS.equals(call.tool())) {
          String name = ToolCallJson.arguments(call.argumentsJson()).getOrDefault("name", "");
          List<JsonNode> candidates = new ArrayList<>();
          if (json != null) {
            json.path("candidates").forEach(candidates::add);
          }
          if (candidates.size() == 1 && "FOUND".equals(json.path("status").asString())) {
            borrowerByName.put(name, candidates.get(0).path("borrower_id").asString());
          } else if (!candidates.isEmpty()) {
            questions.add(FixedReplies.whichBorrower(name, candidates.stream()
                .map(c -> c.path("borrower_id").asString() + " (" + c.path("borrower_name").asString() + ")")
                .toList(), json.path("count").asInt(candidates.size())));
          } else if (result != null && !result.ok() && !"NOT_FOUND".equals(result.outcome())) {
            questions.add(composer.paragraph(result));
          } else {
            questions.add(FixedReplies.noBorrowerNamed(name));
          }
        } else if (LOANS_BY_BORROWER.equals(call.tool())) {
          loansLookedUp = true;
          if (json != null) {
            json.path("loans").forEach(l -> {
              String id = l.path("loan_id").asString();
              if (!id.isEmpty() && !loans.contains(id)) {
                loans.add(id);
              }
            });
          }
        }
      }
    }
    if (!questions.isEmpty()) {
      return Optional.of(new ModelStep.Answer(String.join("\n\n", questions)));
    }
    ModelStep next = plan(text, before, tools,
        new Resolution(borrowerByName, loans, loansLookedUp));
    if (next instanceof ModelStep.CallTools calls) {
      Set<String> planned = signatures(calls.calls());
      if (rounds.stream().anyMatch(r -> signatures(r).equals(planned))) {
        return Optional.empty();
      }
      List<ToolInvocation> numbered = new ArrayList<>();
      for (ToolInvocation c : calls.calls()) {
        numbered.add(new ToolInvocation("call-" + (made + numbered.size() + 1), c.tool(), c.argumentsJson()));
      }
      return Optional.of(new ModelStep.CallTools(numbered));
    }
    return Optional.of(next);
  }

  private static Set<String> signatures(List<ToolInvocation> calls) {
    Set<String> out = new java.util.TreeSet<>();
    calls.forEach(c -> out.add(c.tool() + new TreeMap<>(ToolCallJson.arguments(c.argumentsJson()))));
    return out;
  }
}
