package io.loanofficer.infra.invariants;

/** One broken promise, found by reading the topics after a run. */
public record Violation(Kind kind, String subject, String detail) {

  public enum Kind {
    /** an accepted turn (on chat.turns) has no final reply */
    LOST_TURN,
    /** a turn has more than one final reply */
    DUPLICATE_REPLY,
    /** a final reply names a turn that chat.turns does not have */
    ORPHAN_REPLY,
    /** two different values were written under one audit key (conversationId/seq) */
    FORK,
    /** a chain's seqs are not 1..n */
    GAP,
    /** a chain does not verify (hash, prevHash, order) */
    CHAIN_BROKEN,
    /** an audit record has no SIEM document */
    SIEM_MISSING,
    /** an audit record has more than one SIEM document */
    SIEM_DUPLICATE,
    /** a record that decodes as a valid event sits in a dead-letter topic */
    VALID_IN_DLT,
    /** the conversation state's audit seq or hash is not its chain's head */
    STATE_MISMATCH
  }
}
