package io.loanofficer.agent.conversation;

import org.apache.avro.specific.SpecificRecord;

/** One record the orchestrator emits: topic, key, optional explicit partition, value. */
public record OutboundRecord(String topic, Integer partition, String key, SpecificRecord value) {}
