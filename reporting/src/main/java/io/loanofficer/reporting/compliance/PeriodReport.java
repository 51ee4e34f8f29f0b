package io.loanofficer.reporting.compliance;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.audit.Transcript;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.pii.TextMasker;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * What examiners and compliance officers read first: a period's figures, computed from the audit
 * chains of audit.events alone (no other store). Conversations are read through {@link Transcript},
 * the same reconstruction as the examiner replay; chains are verified by {@link ChainVerification}.
 * The same chains give the same report, byte for byte: every map is sorted, every list ordered by its
 * content, nothing depends on the reading order or on the time of reading.
 *
 * <p>What the records do not hold is said in the notes of each section, never estimated.
 */
public record PeriodReport(PeriodInfo period, Source source, boolean noActivity, Activity activity, Outcomes outcomes,
    Refusals refusals, PersonalData personalData, Tools tools, Models models, Integrity integrity, Siem siem) {

  public record PeriodInfo(String from, String to, String start, String end, int days) {}

  /** What was read: every chain of the topic (a chain is verified whole), and how much of it fell in the period. */
  public record Source(String topic, long chainsRead, long recordsRead, long erasedSeqsRead, long recordsInPeriod,
      String note) {}

  /** Turns asked in the period (by the time the gateway accepted them), by role of the asker, by user, by day. */
  public record Activity(long turns, long conversations, SortedMap<String, Long> turnsByRole,
      SortedMap<String, Long> turnsByUser, List<Day> days) {}

  public record Day(String day, long turns, SortedMap<String, Long> byRole) {}

  /**
   * How the period's turns ended: an answer (refusals included: a refusal is an answer that declines)
   * or an error by code; turns whose chain holds no reply; frames and requests the gateways refused
   * before any conversation had them (kind and code).
   */
  public record Outcomes(long turns, long answers, long answersThatRefused, long errors,
      SortedMap<String, Long> errorsByCode, long timeouts, long withoutReply, long refusedAtGateway,
      SortedMap<String, Long> refusedAtGatewayByKindAndCode, List<String> notes) {}

  public record Refusals(long total, List<Category> byCategory, List<Reason> byReason, List<String> notes) {}

  /** A refusal category with its count and the first few refused questions, masked. */
  public record Category(String category, String label, long count, List<Example> examples) {}

  /** A recorded reason code, where it was decided (input guard, model, output guard), and its category. */
  public record Reason(String reason, String decidedBy, String category, long count) {}

  public record Example(String at, String conversationId, String turnId, String role, String question) {}

  public record PersonalData(long turnsWithRedactions, SortedMap<String, Long> redactedInQuestionsByKind,
      SortedMap<String, Long> maskedInAnswersByKind, long revealRequests, List<RevealCount> reveals,
      Disclosures disclosures, List<String> notes) {}

  public record RevealCount(String user, String kind, String outcome, long count) {}

  /** Values shown to users (reveals with outcome REVEALED): how many, of how many borrowers, to how many users. */
  public record Disclosures(long valuesDisclosed, long borrowers, long users, SortedMap<String, Long> byKind) {}

  public record Tools(long calls, SortedMap<String, Long> byOutcome, Latency latency, List<ToolFigures> byTool,
      List<String> notes) {}

  public record ToolFigures(String tool, long calls, SortedMap<String, Long> byOutcome, Latency latency) {}

  /** The worker's run time of the calls that have a worker's result; nearest-rank percentiles, microseconds. */
  public record Latency(long samples, Long p50Micros, Long p95Micros) {}

  /** @param versionsRecorded whether any model step recorded the version that served it */
  public record Models(long modelCalls, long turnsWithAModel, long turnsWithoutAModel, List<ModelFigures> byModel,
      boolean tokensRecorded, boolean versionsRecorded, List<String> notes) {}

  /**
   * @param model as requested (gen_ai.request.model)
   * @param turns turns whose last model step was this model's (the one that answered them)
   * @param inputTokens null when no step of this model recorded tokens
   * @param servedAs the versions that served it, by version, the unrecorded last
   */
  public record ModelFigures(String model, long turns, long calls, SortedMap<String, Long> byDecision,
      Long inputTokens, Long outputTokens, List<Served> servedAs) {}

  /**
   * A version the provider said served a requested model (gen_ai.response.model), with the turns it
   * answered (their last model step) and the calls it served; version null: not recorded.
   */
  public record Served(String version, long turns, long calls) {}

  /**
   * The chains with a record in the period, each verified whole: verified; stopped at an erasure
   * (what follows an erased seq cannot be checked against its hash); broken (by id, first broken seq,
   * problem).
   */
  public record Integrity(long conversations, long gatewayChains, long chainsVerified, long chainsStoppedAtErasure,
      long chainsBroken, List<Broken> broken, List<Erased> erased, List<String> notes) {}

  public record Broken(String chainId, long firstBrokenSeq, String problem) {}

  public record Erased(String chainId, List<Long> seqs) {}

  public record Siem(long auditRecordsInPeriod, Long documentsForwarded, String note) {}

  /** Refusal categories in the order shown, with their labels. */
  static final Map<String, String> CATEGORIES = orderedCategories();
  static final int EXAMPLES_PER_CATEGORY = 3;
  private static final int EXAMPLE_LENGTH = 160;
  private static final String UNKNOWN = "UNKNOWN";
  private static final JsonMapper JSON = JsonMapper.shared();

  private static Map<String, String> orderedCategories() {
    Map<String, String> categories = new java.util.LinkedHashMap<>();
    categories.put("FAIR_LENDING", "Fair lending and proxies");
    categories.put("PROMPT_INJECTION", "Prompt injection");
    categories.put("PII_EXTRACTION", "PII extraction");
    categories.put("OUT_OF_SCOPE", "Out of scope");
    categories.put("OTHER", "Other (the model's own refusals)");
    return java.util.Collections.unmodifiableMap(categories);
  }

  /** The category of a recorded reason code. */
  static String categoryOf(String reason) {
    return switch (reason) {
      case "FAIR_LENDING" -> "FAIR_LENDING";
      case "PROMPT_INJECTION", "SYSTEM_PROMPT_LEAK" -> "PROMPT_INJECTION";
      case "PII_EXTRACTION" -> "PII_EXTRACTION";
      case "OUT_OF_SCOPE" -> "OUT_OF_SCOPE";
      default -> "OTHER";
    };
  }

  /** The report of the given chains (all of audit.events: a chain is placed in the period by its records' times). */
  public static PeriodReport of(ReportPeriod period, Iterable<AuditLog> chains) {
    Builder builder = new Builder(period);
    chains.forEach(builder::add);
    return builder.build();
  }

  /** JSON, pretty printed, fields in declaration order and maps sorted: the same report gives the same bytes. */
  public String toJson() {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
  }

  /** Takes chains one at a time (a reader hands them partition by partition) and keeps only figures. */
  public static final class Builder {
    private final ReportPeriod period;
    private final EventSerde serde = new EventSerde();
    private long chainsRead;
    private long recordsRead;
    private long erasedSeqsRead;
    private long recordsInPeriod;
    private final Set<String> conversations = new HashSet<>();
    private final SortedMap<String, Long> turnsByRole = new TreeMap<>();
    private final SortedMap<String, Long> turnsByUser = new TreeMap<>();
    private final SortedMap<LocalDate, SortedMap<String, Long>> turnsByDay = new TreeMap<>();
    private long turns;
    private long turnsWithoutQuestion;
    private long answers;
    private long answersThatRefused;
    private final SortedMap<String, Long> errorsByCode = new TreeMap<>();
    private long withoutReply;
    private final SortedMap<String, Long> refusedAtGateway = new TreeMap<>();
    private final SortedMap<String, Long> refusalsByReason = new TreeMap<>();
    private final List<Example> refusalExamples = new ArrayList<>();
    private final List<String> refusalExampleCategories = new ArrayList<>();
    private long turnsWithRedactions;
    private final SortedMap<String, Long> redactedInQuestions = new TreeMap<>();
    private final SortedMap<String, Long> maskedInAnswers = new TreeMap<>();
    private final SortedMap<String, Long> reveals = new TreeMap<>();
    private final Set<String> disclosedBorrowers = new HashSet<>();
    private final Set<String> disclosedTo = new HashSet<>();
    private final SortedMap<String, Long> disclosedByKind = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, Long>> toolOutcomes = new TreeMap<>();
    private final SortedMap<String, List<Long>> toolLatencies = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, Long>> modelDecisions = new TreeMap<>();
    private final SortedMap<String, Long> modelTurns = new TreeMap<>();
    private final SortedMap<String, long[]> modelTokens = new TreeMap<>();
    /** Requested model, then served version (null: not recorded, sorted last): {turns, calls}. */
    private final SortedMap<String, SortedMap<String, long[]>> modelServed = new TreeMap<>();
    private long turnsWithoutAModel;
    private long gatewayChains;
    private long chainsVerified;
    private long chainsStoppedAtErasure;
    private final List<Broken> broken = new ArrayList<>();
    private final List<Erased> erased = new ArrayList<>();

    public Builder(ReportPeriod period) {
      this.period = period;
    }

    /** Adds one chain as read from audit.events. */
    public void add(AuditLog chain) {
      chainsRead++;
      recordsRead += chain.entries().size();
      erasedSeqsRead += chain.erasedSeqs().size();
      List<AuditRecord> records = chain.records();
      long inPeriod = records.stream().filter(r -> period.includes(r.getOccurredAt())).count();
      if (inPeriod == 0) {
        return;
      }
      recordsInPeriod += inPeriod;
      boolean gateway = AuditKeys.isGatewayChain(chain.chainId());
      if (gateway) {
        gatewayChains++;
        addGatewayChain(records);
      } else {
        conversations.add(chain.chainId());
        for (Transcript.Turn turn : Transcript.of(chain.chainId(), records).turns()) {
          addTurn(chain.chainId(), turn);
        }
      }
      ChainVerification.Result verification = chain.verify();
      if (verification.verified()) {
        chainsVerified++;
      } else if (verification.problem() == ChainVerification.Problem.ERASED) {
        chainsStoppedAtErasure++;
      } else {
        broken.add(new Broken(chain.chainId(), verification.firstBrokenSeq(), verification.problem().name()));
      }
      if (!chain.erasedSeqs().isEmpty()) {
        erased.add(new Erased(chain.chainId(), List.copyOf(chain.erasedSeqs())));
      }
    }

    /** A gateway's own chain: its refusals before any conversation, and every decided reveal. */
    private void addGatewayChain(List<AuditRecord> records) {
      for (AuditRecord record : records) {
        if (!period.includes(record.getOccurredAt())) {
          continue;
        }
        SpecificRecord event;
        try {
          event = serde.decode(record.getPayload().array());
        } catch (RuntimeException undecodable) {
          continue; // counted in the records; the chain's verification speaks for its integrity
        }
        if (event instanceof AccessRefused refused) {
          increment(refusedAtGateway, refused.getKind().name() + " " + refused.getCode());
        } else if (event instanceof PiiRevealed reveal) {
          String user = reveal.getActor() == null ? UNKNOWN : reveal.getActor().getUserId();
          increment(reveals, user + "\u0000" + reveal.getKind() + "\u0000" + reveal.getOutcome().name());
          if (reveal.getOutcome() == io.loanofficer.events.RevealOutcome.REVEALED) {
            disclosedTo.add(user);
            increment(disclosedByKind, reveal.getKind());
            if (reveal.getBorrowerId() != null) {
              disclosedBorrowers.add(reveal.getBorrowerId());
            }
          }
        }
      }
    }

    private void addTurn(String conversationId, Transcript.Turn turn) {
      Instant at = turn.askedAt() != null ? Instant.parse(turn.askedAt())
          : turn.reply() != null ? Instant.parse(turn.reply().producedAt()) : null;
      if (!period.includes(at)) {
        return;
      }
      turns++;
      if (turn.question() == null) {
        turnsWithoutQuestion++;
      }
      String role = roleOf(turn);
      increment(turnsByRole, role);
      increment(turnsByUser, turn.askedBy() == null ? UNKNOWN : turn.askedBy().userId());
      increment(turnsByDay.computeIfAbsent(at.atZone(ZoneOffset.UTC).toLocalDate(), d -> new TreeMap<>()), role);

      if (turn.reply() == null) {
        withoutReply++;
      } else if ("ERROR".equals(turn.reply().kind())) {
        increment(errorsByCode, turn.reply().errorCode() == null ? UNKNOWN : turn.reply().errorCode());
      } else {
        answers++;
      }

      String[] refusal = refusalOf(turn);
      if (refusal != null) {
        if (turn.reply() != null && "ANSWER".equals(turn.reply().kind())) {
          answersThatRefused++;
        }
        increment(refusalsByReason, refusal[0] + "\u0000" + refusal[1]);
        refusalExamples.add(new Example(at.toString(), conversationId, turn.turnId(), role, masked(turn.question())));
        refusalExampleCategories.add(categoryOf(refusal[0]));
      }

      boolean redacted = false;
      for (Transcript.Guardrail guardrail : turn.guardrails()) {
        if ("INPUT".equals(guardrail.stage()) && "MASKED".equals(guardrail.verdict())) {
          redacted = true;
          addCounts(redactedInQuestions, guardrail.details());
        } else if ("OUTPUT".equals(guardrail.stage()) && !"ALLOWED".equals(guardrail.verdict())) {
          addCounts(maskedInAnswers, guardrail.details());
        }
      }
      if (redacted) {
        turnsWithRedactions++;
      }

      for (Transcript.ToolCall call : turn.toolCalls()) {
        String tool = call.tool() == null ? "(not in the chain)" : call.tool();
        increment(toolOutcomes.computeIfAbsent(tool, t -> new TreeMap<>()),
            call.outcome() == null ? "no result in the chain" : call.outcome());
        if (call.durationMicros() != null) {
          toolLatencies.computeIfAbsent(tool, t -> new ArrayList<>()).add(call.durationMicros());
        }
      }

      if (turn.modelSteps().isEmpty()) {
        turnsWithoutAModel++;
      } else {
        Transcript.ModelStep last = turn.modelSteps().get(turn.modelSteps().size() - 1);
        increment(modelTurns, last.model());
        served(last)[0]++;
      }
      for (Transcript.ModelStep step : turn.modelSteps()) {
        increment(modelDecisions.computeIfAbsent(step.model(), m -> new TreeMap<>()), step.decision());
        served(step)[1]++;
        long[] tokens = modelTokens.computeIfAbsent(step.model(), m -> new long[] {0, 0, 0});
        if (step.inputTokens() != null || step.outputTokens() != null) {
          tokens[0] += step.inputTokens() == null ? 0 : step.inputTokens();
          tokens[1] += step.outputTokens() == null ? 0 : step.outputTokens();
          tokens[2]++;
        }
      }
    }

    private long[] served(Transcript.ModelStep step) {
      return modelServed.computeIfAbsent(step.model(), m -> new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder())))
          .computeIfAbsent(step.responseModel(), v -> new long[] {0, 0});
    }

    public PeriodReport build() {
      PeriodInfo info = new PeriodInfo(period.from().toString(), period.to().toString(), period.start().toString(),
          period.end().toString(), period.days());
      Source source = new Source(Topic.AUDIT_EVENTS.baseName(), chainsRead, recordsRead, erasedSeqsRead,
          recordsInPeriod, "Computed from the audit records of audit.events alone; every chain is read whole, and a "
              + "chain counts in the period when one of its records occurred in it (occurredAt, UTC).");

      List<Day> days = new ArrayList<>();
      for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
        SortedMap<String, Long> byRole = turnsByDay.getOrDefault(day, new TreeMap<>());
        days.add(new Day(day.toString(), byRole.values().stream().mapToLong(Long::longValue).sum(), byRole));
      }
      Activity activity = new Activity(turns, conversations.size(), turnsByRole, turnsByUser, days);

      long errors = errorsByCode.values().stream().mapToLong(Long::longValue).sum();
      List<String> outcomeNotes = new ArrayList<>();
      if (turnsWithoutQuestion > 0) {
        outcomeNotes.add(turnsWithoutQuestion + " turn(s) counted by their reply: their question is not in the chain "
            + "(erased).");
      }
      if (withoutReply > 0) {
        outcomeNotes.add(withoutReply + " turn(s) have no reply in the chain: still running when the topic was read, "
            + "or their reply was erased.");
      }
      Outcomes outcomes = new Outcomes(turns, answers, answersThatRefused, errors, errorsByCode,
          errorsByCode.getOrDefault("TIMEOUT", 0L), withoutReply,
          refusedAtGateway.values().stream().mapToLong(Long::longValue).sum(), refusedAtGateway, outcomeNotes);

      PersonalData personalData = personalData();
      Tools tools = tools();
      Models models = models();

      List<String> integrityNotes = new ArrayList<>();
      integrityNotes.add("Verification follows docs/audit-chain.md; it stops at the first erased seq, since the "
          + "links after it cannot be checked against the erased record's hash.");
      broken.sort(Comparator.comparing(Broken::chainId));
      erased.sort(Comparator.comparing(Erased::chainId));
      Integrity integrity = new Integrity(conversations.size(), gatewayChains, chainsVerified, chainsStoppedAtErasure,
          broken.size(), List.copyOf(broken), List.copyOf(erased), integrityNotes);

      Siem siem = new Siem(recordsInPeriod, null, "The SIEM feed (audit.siem) carries one ECS document per audit record, "
          + "exactly once, with the audit key as document id: the period's audit records above are the documents it "
          + "must have forwarded. The count actually forwarded is not in audit.events, which is all this report reads; "
          + "infra/check-invariants.sh compares audit.siem against audit.events (audit.siem keeps 30 days).");

      return new PeriodReport(info, source, turns == 0 && recordsInPeriod == 0, activity, outcomes, refusals(),
          personalData, tools, models, integrity, siem);
    }

    private Refusals refusals() {
      SortedMap<String, Long> byCategory = new TreeMap<>();
      List<Reason> reasons = new ArrayList<>();
      refusalsByReason.forEach((key, count) -> {
        String[] parts = key.split("\u0000");
        reasons.add(new Reason(parts[0], parts[1], categoryOf(parts[0]), count));
        byCategory.merge(categoryOf(parts[0]), count, Long::sum);
      });
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < refusalExamples.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.<Integer, String>comparing(i -> refusalExamples.get(i).at())
          .thenComparing(i -> refusalExamples.get(i).conversationId())
          .thenComparing(i -> refusalExamples.get(i).turnId()));
      List<Category> categories = new ArrayList<>();
      CATEGORIES.forEach((category, label) -> {
        List<Example> examples = order.stream().filter(i -> refusalExampleCategories.get(i).equals(category))
            .limit(EXAMPLES_PER_CATEGORY).map(refusalExamples::get).toList();
        categories.add(new Category(category, label, byCategory.getOrDefault(category, 0L), examples));
      });
      List<String> notes = List.of(
          "A turn counts as refused when the input guard refused it before any model was asked, when the model "
              + "refused (refusal reason as recorded), or when the output guard replaced the answer.",
          "Out of scope: the offline planner answers questions outside lending with a fixed redirect, recorded as an "
              + "ANSWER without a reason code, so such turns are not counted here; OUT_OF_SCOPE counts only turns "
              + "recorded with that reason.",
          "Examples are the first refused questions of each category in time order, with personal data masked "
              + "([SSN_REDACTED], ...).");
      return new Refusals(refusalExamples.size(), categories, reasons, notes);
    }

    private PersonalData personalData() {
      List<RevealCount> revealCounts = new ArrayList<>();
      reveals.forEach((key, count) -> {
        String[] parts = key.split("\u0000");
        revealCounts.add(new RevealCount(parts[0], parts[1], parts[2], count));
      });
      long revealRequests = reveals.values().stream().mapToLong(Long::longValue).sum();
      Disclosures disclosures = new Disclosures(disclosedByKind.values().stream().mapToLong(Long::longValue).sum(),
          disclosedBorrowers.size(), disclosedTo.size(), disclosedByKind);
      List<String> notes = List.of(
          "Redacted in questions: personal data the gateway removed from the typed question before publishing it "
              + "(the input guard's MASKED verdict, counts by kind); masked in answers: what the output guard masked "
              + "in the model's answer.",
          "Tool results never carry raw personal data (tool workers tokenise it); those tokens are not counted in the "
              + "audit records.",
          "Reveals: every decided reveal request, from the gateways' own chains (a REVEALED one is also copied into "
              + "the conversation's chain, which is not counted again).",
          "Disclosures are the REVEALED reveals; the tool workers' disclosure log (table pii_disclosure) is a "
              + "separate store and is not read: a value is shown only after its disclosure row and this audit "
              + "record are written (ADR 5).");
      return new PersonalData(turnsWithRedactions, redactedInQuestions, maskedInAnswers, revealRequests,
          revealCounts, disclosures, notes);
    }

    private Tools tools() {
      SortedMap<String, Long> byOutcome = new TreeMap<>();
      List<Long> all = new ArrayList<>();
      List<ToolFigures> byTool = new ArrayList<>();
      toolOutcomes.forEach((tool, outcomes) -> {
        outcomes.forEach((outcome, count) -> byOutcome.merge(outcome, count, Long::sum));
        List<Long> latencies = toolLatencies.getOrDefault(tool, List.of());
        all.addAll(latencies);
        byTool.add(new ToolFigures(tool, outcomes.values().stream().mapToLong(Long::longValue).sum(), outcomes,
            latency(latencies)));
      });
      List<String> notes = List.of("Latency is the worker's run time of the tool (ToolCallCompleted.durationMicros), "
          + "nearest-rank p50 and p95; a call ended by the turn's deadline has no worker result and no latency.");
      return new Tools(byOutcome.values().stream().mapToLong(Long::longValue).sum(), byOutcome, latency(all), byTool,
          notes);
    }

    private Models models() {
      List<ModelFigures> byModel = new ArrayList<>();
      boolean tokensRecorded = false;
      boolean versionsRecorded = false;
      for (Map.Entry<String, SortedMap<String, Long>> model : modelDecisions.entrySet()) {
        long[] tokens = modelTokens.get(model.getKey());
        boolean recorded = tokens != null && tokens[2] > 0;
        tokensRecorded |= recorded;
        List<Served> servedAs = new ArrayList<>();
        modelServed.get(model.getKey()).forEach((version, counts) -> servedAs.add(new Served(version, counts[0],
            counts[1])));
        versionsRecorded |= servedAs.stream().anyMatch(served -> served.version() != null);
        byModel.add(new ModelFigures(model.getKey(), modelTurns.getOrDefault(model.getKey(), 0L),
            model.getValue().values().stream().mapToLong(Long::longValue).sum(), model.getValue(),
            recorded ? tokens[0] : null, recorded ? tokens[1] : null, servedAs));
      }
      List<String> notes = new ArrayList<>();
      notes.add("The model is named as requested in each model step (gen_ai.request.model: offline-planner-v1 for the "
          + "offline planner, the configured OpenAI model otherwise), and served as the version the provider said "
          + "answered the call (gen_ai.response.model, e.g. a dated OpenAI model name), with the turns whose last "
          + "model step it answered and the calls it served. The offline planner names no version, a failed call "
          + "has none, and steps recorded before ModelInvoked v2 carry none: those are \"not recorded\".");
      if (!versionsRecorded) {
        notes.add("Served versions: no model step in the period recorded the version that served it "
            + "(ModelInvoked.responseModel is empty), so no version is given.");
      }
      if (!tokensRecorded) {
        notes.add("Tokens: no model step in the period recorded token usage (ModelInvoked.inputTokens/outputTokens "
            + "are empty; the offline planner uses none), so no token figure is given.");
      }
      notes.add("Turns without a model: refused by the input guard before any model was asked, or refused before "
          + "they started (another user's conversation, one question at a time).");
      long modelCalls = byModel.stream().mapToLong(ModelFigures::calls).sum();
      return new Models(modelCalls, turns - turnsWithoutAModel, turnsWithoutAModel, byModel, tokensRecorded,
          versionsRecorded, notes);
    }
  }

  /** The asker's roles, sorted and joined with '+' (one role in practice). */
  static String roleOf(Transcript.Turn turn) {
    if (turn.askedBy() == null || turn.askedBy().roles().isEmpty()) {
      return UNKNOWN;
    }
    return String.join("+", new java.util.TreeSet<>(turn.askedBy().roles()));
  }

  /** {reason, decided by} of a refused turn, or null. */
  static String[] refusalOf(Transcript.Turn turn) {
    for (Transcript.Guardrail guardrail : turn.guardrails()) {
      if ("INPUT".equals(guardrail.stage()) && "REFUSED".equals(guardrail.verdict())) {
        return new String[] {firstOr(guardrail.reasons()), "input guard"};
      }
    }
    for (Transcript.ModelStep step : turn.modelSteps()) {
      if ("REFUSAL".equals(step.decision())) {
        return new String[] {step.refusalReason() == null ? UNKNOWN : step.refusalReason(), "model"};
      }
    }
    for (Transcript.Guardrail guardrail : turn.guardrails()) {
      if ("OUTPUT".equals(guardrail.stage()) && "REFUSED".equals(guardrail.verdict())) {
        return new String[] {firstOr(guardrail.reasons()), "output guard"};
      }
    }
    return null;
  }

  private static String firstOr(List<String> reasons) {
    return reasons.isEmpty() ? UNKNOWN : reasons.get(0);
  }

  /** A question as an example: personal data masked, at most {@value #EXAMPLE_LENGTH} characters. */
  static String masked(String question) {
    if (question == null) {
      return "(not in the chain)";
    }
    String text = TextMasker.redact(question).text().replaceAll("\\s+", " ").strip();
    return text.length() <= EXAMPLE_LENGTH ? text : text.substring(0, EXAMPLE_LENGTH - 3) + "...";
  }

  /** Nearest-rank percentiles of the values. */
  static Latency latency(List<Long> values) {
    if (values.isEmpty()) {
      return new Latency(0, null, null);
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Latency(sorted.length, percentile(sorted, 50), percentile(sorted, 95));
  }

  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static void increment(Map<String, Long> counts, String key) {
    counts.merge(key, 1L, Long::sum);
  }

  /** Adds a verdict's counts by kind (its details, but the guard's name). */
  private static void addCounts(Map<String, Long> counts, Map<String, String> details) {
    details.forEach((kind, value) -> {
      if (!"guard".equals(kind)) {
        try {
          counts.merge(kind, Long.parseLong(value), Long::sum);
        } catch (NumberFormatException notACount) {
          // details may carry other notes (the guard's version): only counts are summed
        }
      }
    });
  }
}
