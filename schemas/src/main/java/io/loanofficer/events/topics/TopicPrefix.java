package io.loanofficer.events.topics;

/** Environment prefix of every topic name, from the system property or variable TOPIC_PREFIX (default none). */
final class TopicPrefix {

  private TopicPrefix() {}

  static String current() {
    String prefix = System.getProperty("TOPIC_PREFIX", System.getenv("TOPIC_PREFIX"));
    return prefix == null ? "" : prefix;
  }
}
