package io.loanofficer.infra.bench;

import static io.loanofficer.agent.openai.FakeChatCompletionsServer.answer;
import static io.loanofficer.agent.openai.FakeChatCompletionsServer.toolCalls;

import io.loanofficer.agent.openai.FakeChatCompletionsServer;
import io.loanofficer.agent.openai.FakeChatCompletionsServer.Scripted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many conversations one orchestrator carries at once when every model call takes 2 s.
 * A benchmark that prints a table, not a test: {@code infra/bench-slow-model.sh}.
 * Each conversation asks one question: a 2 s model call asks for a tool, the worker answers, a
 * second 2 s model call answers, so a turn cannot take less than ~4 s.
 */
public final class SlowModelCapacityBenchmark {

  private static final Duration MODEL_LATENCY = Duration.ofSeconds(2);

  private static long median(List<io.loanofficer.infra.BenchAccess.Phases> phases,
      java.util.function.ToLongFunction<io.loanofficer.infra.BenchAccess.Phases> field) {
    long[] values = phases.stream().mapToLong(field).sorted().toArray();
    return values[values.length / 2];
  }

  private SlowModelCapacityBenchmark() {}

  public static void main(String[] args) throws Exception {
    AtomicInteger inModel = new AtomicInteger();
    AtomicInteger peakInModel = new AtomicInteger();
    try (FakeChatCompletionsServer openAi = new FakeChatCompletionsServer()) {
      openAi.otherwise(request -> {
        int now = inModel.incrementAndGet();
        peakInModel.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(MODEL_LATENCY.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inModel.decrementAndGet();
        }
        boolean hasResult = request.body().contains("\"role\":\"tool\"");
        return new Scripted(200, Map.of(), hasResult ? answer("Loan L001 is Active.")
            : toolCalls(new String[] {"call_1", "getLoanStatus", "{\"loan_id\":\"L001\"}"}), Duration.ZERO);
      });
      try (BenchSystem system = BenchSystem.start(openAi.baseUrl())) {
        System.out.println("conversations | all answered in | turn p50 | turn p99 | errors | peak model calls at once"
            + " | p50 ms to accepted / model 1 done / tool done / reply");
        for (int conversations : new int[] {1, 10, 100, 300, 600}) {
          peakInModel.set(0);
          List<Long> millis = Collections.synchronizedList(new ArrayList<>());
          List<io.loanofficer.infra.BenchAccess.Phases> phases = Collections.synchronizedList(new ArrayList<>());
          AtomicInteger errors = new AtomicInteger();
          long start = System.nanoTime();
          List<CompletableFuture<Void>> all = new ArrayList<>();
          for (int i = 0; i < conversations; i++) {
            all.add(CompletableFuture.runAsync(() -> {
              try {
                io.loanofficer.infra.BenchAccess.Phases turn = system.askOnce("What's the status of loan L001?");
                phases.add(turn);
                millis.add(turn.reply());
                if (!turn.answered()) {
                  errors.incrementAndGet();
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              }
            }, system.clients()));
          }
          CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
          long total = (System.nanoTime() - start) / 1_000_000;
          Collections.sort(millis);
          System.out.printf("%13d | %13.1f s | %6.1f s | %6.1f s | %6d | %24d | %d / %d / %d / %d%n", conversations,
              total / 1000.0, millis.get(millis.size() / 2) / 1000.0,
              millis.get((int) Math.ceil(0.99 * millis.size()) - 1) / 1000.0, errors.get(), peakInModel.get(),
              median(phases, io.loanofficer.infra.BenchAccess.Phases::accepted),
              median(phases, io.loanofficer.infra.BenchAccess.Phases::toolStarted),
              median(phases, io.loanofficer.infra.BenchAccess.Phases::toolDone),
              median(phases, io.loanofficer.infra.BenchAccess.Phases::reply));
        }
      }
    }
  }
}
