package io.loanofficer.gateway.limits;

/** The limits of the chat endpoint and the PII reveal endpoint, with the tag value of {@code gateway.limit.rejections}. */
public enum Limit {
  RATE("rate"),
  FRAME_SIZE("frame_size"),
  TURNS_IN_FLIGHT("turns_in_flight"),
  IDLE_TIMEOUT("idle_timeout"),
  ORIGIN("origin"),
  REVEAL_RATE("reveal_rate");

  private final String tag;

  Limit(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
