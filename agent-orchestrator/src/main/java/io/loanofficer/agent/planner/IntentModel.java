package io.loanofficer.agent.planner;

import java.util.List;

/** Ranks the planner's intents for a question, best first; log scores are comparable within one call. */
public interface IntentModel {

  List<IntentClassifier.Scored> rank(String text);
}
