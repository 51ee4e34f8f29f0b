package io.loanofficer.observability;

import io.micrometer.observation.Observation;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way our code observes a piece of work: started, run in its scope (so what it calls, on this
 * thread or one that opens the scope, is its child), tagged with what became of it, stopped. The tag
 * is always set (to {@code error} when the work throws), so every timer of a name has the same tags.
 */
public final class ObservedWork {

  private ObservedWork() {}

  public static <T> T observe(Observation observation, String outcomeKey, Supplier<T> work, Function<T, String> outcome) {
    observation.start();
    String result = "error";
    try (Observation.Scope scope = observation.openScope()) {
      T value = work.get();
      result = outcome.apply(value);
      return value;
    } catch (RuntimeException e) {
      observation.error(e);
      throw e;
    } finally {
      observation.lowCardinalityKeyValue(outcomeKey, result).stop();
    }
  }

  /**
   * Work that ends later or elsewhere (a tool call running beside its poll's others): started now, its
   * scope opened by whoever runs it, tagged and stopped by {@link Ongoing#end} or {@link Ongoing#fail}.
   */
  public static Ongoing begin(Observation observation, String outcomeKey) {
    return new Ongoing(observation.start(), outcomeKey);
  }

  /** An observation begun by {@link #begin}. */
  public record Ongoing(Observation observation, String outcomeKey) {

    public void end(String outcome) {
      observation.lowCardinalityKeyValue(outcomeKey, outcome).stop();
    }

    public void fail(Throwable error) {
      observation.error(error);
      end("error");
    }
  }
}
