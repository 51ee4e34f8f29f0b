package io.loanofficer.agent.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelReply;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.TokenUsage;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's model backed by an OpenAI Chat Completions server (OpenAI, Azure OpenAI or a compatible
 * one), through the official openai-java client. Translates the orchestrator's vendor-neutral request
 * into one chat completion call and the answer back into a {@link ModelStep}.
 *
 * <p>Tool calls are passed through as the model wrote them (unknown tool names and malformed argument
 * JSON included): the tool workers validate them and answer INVALID_ARGUMENT, which the model then sees.
 *
 * <p>Retries are ours, not the SDK's (the client is built with {@code maxRetries(0)}): on 429 (except
 * {@code insufficient_quota}), 408, 5xx and I/O failures (timeouts included), waiting {@code Retry-After-Ms}
 * / {@code Retry-After} when the server sends one, else an exponential backoff with jitter. Every attempt
 * and wait fits in {@link OpenAiProperties#totalBudget()}: a wait that would overrun it fails at once.
 * Thread-safe: one instance serves every conversation.
 */
public class OpenAiModel implements AgentModel, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenAiModel.class);

  static final String TOKEN_USAGE_METRIC = "gen_ai.client.token.usage";
  private static final Duration BACKOFF_BASE = Duration.ofMillis(500);
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(8);
  /** The shortest attempt worth making once the budget is nearly spent. */
  private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);

  private final OpenAIClient client;
  private final OpenAiProperties properties;
  private final Counter inputTokens;
  private final Counter outputTokens;
  private final ObservationRegistry observations;
  private volatile TokenUsage lastUsage;

  public OpenAiModel(OpenAIClient client, OpenAiProperties properties, MeterRegistry meters) {
    this(client, properties, meters, ObservationRegistry.NOOP);
  }

  /** With {@code observations}, each call's token usage also goes on its span (gen_ai.usage.*). */
  public OpenAiModel(OpenAIClient client, OpenAiProperties properties, MeterRegistry meters,
      ObservationRegistry observations) {
    this.observations = observations;
    this.client = client;
    this.properties = properties;
    this.inputTokens = tokenCounter(meters, "input");
    this.outputTokens = tokenCounter(meters, "output");
  }

  /** The model with its own HTTP client built from the properties (SDK retries off: we retry). */
  public static OpenAiModel create(OpenAiProperties properties, MeterRegistry meters) {
    return create(properties, meters, ObservationRegistry.NOOP);
  }

  public static OpenAiModel create(OpenAiProperties properties, MeterRegistry meters,
      ObservationRegistry observations) {
    if (properties.apiKey() == null || properties.apiKey().isBlank()) {
      throw new IllegalArgumentException("openai.api-key is required for the OpenAI model");
    }
    OpenAIClient client = OpenAIOkHttpClient.builder()
        .apiKey(properties.apiKey())
        .baseUrl(properties.baseUrl())
        .timeout(properties.requestTimeout())
        .maxRetries(0)
        .build();
    return new OpenAiModel(client, properties, meters, observations);
  }

  @Override
  public String modelName() {
    return properties.model();
  }

  @Override
  public String instructions() {
    return SystemPrompt.TEXT;
  }

  /** Token usage of the latest completion of any conversation (null before the first). */
  public TokenUsage lastUsage() {
    return lastUsage;
  }

  @Override
  public ModelStep next(ModelRequest request) {
    return reply(request).step();
  }

  @Override
  public ModelReply reply(ModelRequest request) {
    ChatCompletion completion = complete(toParams(request), request.conversationId());
    TokenUsage usage = recordUsage(completion, request.conversationId());
    return new ModelReply(toStep(completion), usage, servedModel(completion));
  }

  @Override
  public void close() {
    client.close();
  }

  // ---------------------------------------------------------------- request

  ChatCompletionCreateParams toParams(ModelRequest request) {
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
        .model(properties.model())
        .temperature(properties.temperature())
        .addSystemMessage(SystemPrompt.TEXT);
    if (properties.maxTokens() != null) {
      params.maxCompletionTokens(properties.maxTokens().longValue());
    }
    for (ChatMessage message : request.messages()) {
      if (message instanceof ChatMessage.UserText user) {
        params.addUserMessage(nonNull(user.text()));
      } else if (message instanceof ChatMessage.AssistantText assistant) {
        params.addMessage(ChatCompletionAssistantMessageParam.builder().content(nonNull(assistant.text())).build());
      } else if (message instanceof ChatMessage.AssistantToolCalls calls) {
        if (calls.calls().isEmpty()) {
          continue; // an assistant message with an empty tool_calls array is rejected by the API
        }
        ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder();
        for (ToolInvocation call : calls.calls()) {
          assistant.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
              .id(call.callId())
              .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                  .name(nonNull(call.tool()))
                  .arguments(call.argumentsJson() == null ? "{}" : call.argumentsJson())
                  .build())
              .build());
        }
        params.addMessage(assistant.build());
      } else if (message instanceof ChatMessage.ToolResult result) {
        params.addMessage(ChatCompletionToolMessageParam.builder()
            .toolCallId(result.callId())
            .content(toolResultContent(result))
            .build());
      }
    }
    for (ToolSpec spec : request.tools()) {
      FunctionParameters.Builder schema = FunctionParameters.builder();
      ToolCatalogue.jsonSchema(spec).forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
      params.addTool(ChatCompletionFunctionTool.builder()
          .function(FunctionDefinition.builder()
              .name(spec.name())
              .description(spec.description())
              .parameters(schema.build())
              .build())
          .build());
    }
    if (!request.tools().isEmpty()) {
      params.parallelToolCalls(true); // only allowed when tools are declared
    }
    return params.build();
  }

  /**
   * A tool's result as delimited data. The content cannot close the element early: {@code </} inside
   * it becomes {@code <\/}, which is the same text in JSON strings (where such a sequence could appear).
   */
  static String toolResultContent(ChatMessage.ToolResult result) {
    String content = result.content() == null ? "" : result.content().replace("</", "<\\/");
    return "<tool_result name=\"" + attribute(result.tool()) + "\" outcome=\"" + attribute(result.outcome()) + "\">\n"
        + content + "\n</tool_result>";
  }

  private static String attribute(String value) {
    return nonNull(value).replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  // ---------------------------------------------------------------- response

  ModelStep toStep(ChatCompletion completion) {
    try {
      List<ChatCompletion.Choice> choices = completion.choices();
      if (choices.isEmpty()) {
        throw new ModelUnavailableException("The model returned no choices", 1, null, null);
      }
      ChatCompletion.Choice choice = choices.get(0);
      ChatCompletionMessage message = choice.message();
      List<ChatCompletionMessageToolCall> toolCalls = message.toolCalls().orElse(List.of());
      if (!toolCalls.isEmpty()) {
        List<ToolInvocation> invocations = new ArrayList<>();
        for (ChatCompletionMessageToolCall call : toolCalls) {
          invocations.add(invocation(call));
        }
        return new ModelStep.CallTools(invocations);
      }
      Optional<String> refusal = message.refusal().filter(text -> !text.isBlank());
      if (refusal.isPresent()) {
        return new ModelStep.Refusal(refusal.get(), "model_refusal");
      }
      Optional<String> content = message.content().filter(text -> !text.isBlank());
      if (content.isPresent()) {
        return new ModelStep.Answer(content.get());
      }
      if (ChatCompletion.Choice.FinishReason.CONTENT_FILTER.equals(choice.finishReason())) {
        return new ModelStep.Refusal("I can't help with that request.", "content_filter");
      }
      throw new ModelUnavailableException("The model returned neither tool calls nor content (finish_reason "
          + choice.finishReason() + ")", 1, null, null);
    } catch (OpenAIException e) {
      throw new ModelUnavailableException("The model's response could not be read: " + e.getClass().getSimpleName(),
          1, null, e);
    }
  }

  /**
   * A tool call as the model wrote it. Function calls are the norm; anything else (a custom tool call,
   * or a compatible server that omits {@code type}) is read from the raw JSON so that it still reaches
   * the worker, which rejects what it does not know.
   */
  private static ToolInvocation invocation(ChatCompletionMessageToolCall call) {
    if (call.isFunction()) {
      ChatCompletionMessageFunctionToolCall function = call.asFunction();
      return new ToolInvocation(function.id(), function.function().name(), function.function().arguments());
    }
    Map<String, JsonValue> raw = object(call._json().orElse(null));
    String id = string(raw.get("id"));
    Map<String, JsonValue> body = object(raw.get("function"));
    String name = body.isEmpty() ? string(object(raw.get("custom")).get("name")) : string(body.get("name"));
    String arguments = body.isEmpty() ? string(object(raw.get("custom")).get("input")) : string(body.get("arguments"));
    if (id.isEmpty()) {
      throw new ModelUnavailableException("The model returned a tool call without an id", 1, null, null);
    }
    return new ToolInvocation(id, name, arguments);
  }

  // JsonValue extends the raw JsonField type: read it through JsonField<?> to keep the generic signatures.
  private static Map<String, JsonValue> object(JsonField<?> value) {
    return value == null ? Map.of() : value.asObject().orElse(Map.of());
  }

  private static String string(JsonField<?> value) {
    return value == null ? "" : value.asString().orElse("");
  }

  /** Counts the completion's tokens (metric, span) and returns them; null when it reported none. */
  private TokenUsage recordUsage(ChatCompletion completion, String conversationId) {
    Optional<CompletionUsage> usage;
    try {
      usage = completion.usage();
    } catch (OpenAIException e) {
      usage = Optional.empty(); // a malformed usage block costs us the metric, not the answer
    }
    if (usage.isEmpty()) {
      return null;
    }
    CompletionUsage u = usage.get();
    TokenUsage recorded = new TokenUsage(u.promptTokens(), u.completionTokens());
    lastUsage = recorded;
    inputTokens.increment(recorded.inputTokens());
    outputTokens.increment(recorded.outputTokens());
    Observation call = observations.getCurrentObservation();
    if (call != null) {
      call.highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(recorded.inputTokens()));
      call.highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(recorded.outputTokens()));
    }
    log.debug("Model {} answered conversation {}: {} input, {} output, {} total tokens", properties.model(),
        conversationId, recorded.inputTokens(), recorded.outputTokens(), u.totalTokens());
    return recorded;
  }

  /**
   * The model version the server says answered (gen_ai.response.model: OpenAI names the dated version
   * of a requested alias, e.g. gpt-4o-mini-2024-07-18), also put on the call's span; null when it
   * names none.
   */
  private String servedModel(ChatCompletion completion) {
    String served;
    try {
      served = completion.model();
    } catch (OpenAIException e) {
      return null; // a missing or malformed model field costs us the version, not the answer
    }
    if (served == null || served.isBlank()) {
      return null;
    }
    Observation call = observations.getCurrentObservation();
    if (call != null) {
      call.highCardinalityKeyValue("gen_ai.response.model", served);
    }
    return served;
  }

  private Counter tokenCounter(MeterRegistry meters, String type) {
    return Counter.builder(TOKEN_USAGE_METRIC)
        .description("Tokens used by the model")
        .baseUnit("{token}")
        .tag("gen_ai.token.type", type)
        .tag("gen_ai.operation.name", "chat")
        .tag("gen_ai.provider.name", "openai")
        .tag("gen_ai.request.model", properties.model())
        .register(meters);
  }

  // ---------------------------------------------------------------- retries

  private ChatCompletion complete(ChatCompletionCreateParams params, String conversationId) {
    int maxAttempts = properties.maxRetries() + 1;
    long deadline = System.nanoTime() + properties.totalBudget().toNanos();
    for (int attempt = 1; ; attempt++) {
      // OkHttp counts whole milliseconds and reads 0 as "no timeout": never send less than MIN_ATTEMPT.
      Duration timeout = Duration.ofNanos(Math.max(MIN_ATTEMPT.toNanos(),
          Math.min(properties.requestTimeout().toNanos(), deadline - System.nanoTime())));
      Integer status = null;
      Duration wait;
      RuntimeException failure;
      try {
        return client.chat().completions().create(params, RequestOptions.builder().timeout(timeout).build());
      } catch (OpenAIServiceException e) {
        status = e.statusCode();
        failure = e;
        if (!retryable(e)) {
          throw new ModelUnavailableException("The model server answered HTTP " + status
              + e.code().map(code -> " (" + code + ")").orElse(""), attempt, status, e);
        }
        Optional<Duration> serverWait = retryAfter(e.headers());
        wait = serverWait.isPresent() ? serverWait.get() : backoff(attempt);
      } catch (OpenAIIoException | OpenAIRetryableException e) {
        failure = e;
        wait = backoff(attempt);
      } catch (OpenAIException e) {
        throw new ModelUnavailableException("The model call failed: " + e.getClass().getSimpleName(), attempt, null, e);
      }
      String what = status == null ? "I/O failure or timeout" : "HTTP " + status;
      if (attempt >= maxAttempts) {
        throw new ModelUnavailableException("The model was unavailable after " + attempt + " attempt(s): " + what,
            attempt, status, failure);
      }
      long left = deadline - System.nanoTime();
      if (wait.plus(MIN_ATTEMPT).toNanos() > left) {
        throw new ModelUnavailableException("The model was unavailable (" + what + ") and waiting " + wait.toMillis()
            + " ms would exceed the " + properties.totalBudget().toMillis() + " ms budget", attempt, status, failure);
      }
      log.warn("Model {} call for conversation {} failed ({}), attempt {}/{}; retrying in {} ms", properties.model(),
          conversationId, what, attempt, maxAttempts, wait.toMillis());
      sleep(wait, attempt, status, failure);
    }
  }

  private static boolean retryable(OpenAIServiceException e) {
    int status = e.statusCode();
    if (status == 429) {
      // Out of credit is a 429 too, but waiting does not fix it.
      return !e.code().filter("insufficient_quota"::equals).isPresent();
    }
    return status == 408 || status >= 500;
  }

  /** The server's wait: {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP date. */
  static Optional<Duration> retryAfter(Headers headers) {
    Optional<Duration> millis = first(headers, "retry-after-ms").flatMap(value -> parseAmount(value, TimeUnit.MILLISECONDS));
    if (millis.isPresent()) {
      return millis;
    }
    return first(headers, "retry-after").flatMap(value -> {
      Optional<Duration> seconds = parseAmount(value, TimeUnit.SECONDS);
      if (seconds.isPresent()) {
        return seconds;
      }
      try {
        Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    });
  }

  private static Optional<String> first(Headers headers, String name) {
    List<String> values = headers.values(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0).trim());
  }

  private static Optional<Duration> parseAmount(String value, TimeUnit unit) {
    try {
      double amount = Double.parseDouble(value);
      if (Double.isNaN(amount) || amount < 0 || Double.isInfinite(amount)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos((long) (amount * unit.toNanos(1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** 0.5 s, 1 s, 2 s, ... up to 8 s, each shortened by up to 25 % of jitter. */
  static Duration backoff(int attempt) {
    long base = BACKOFF_BASE.toNanos() << Math.min(attempt - 1, 10);
    long capped = Math.min(base, BACKOFF_MAX.toNanos());
    double jitter = 1.0 - 0.25 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (capped * jitter));
  }

  private static void sleep(Duration wait, int attempt, Integer status, RuntimeException failure) {
    try {
      Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ModelUnavailableException interrupted = new ModelUnavailableException(
          "Interrupted while waiting to retry the model", attempt, status, e);
      interrupted.addSuppressed(failure);
      throw interrupted;
    }
  }
}
