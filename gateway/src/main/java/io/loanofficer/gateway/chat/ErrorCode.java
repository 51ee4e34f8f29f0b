package io.loanofficer.gateway.chat;

/** The error codes of protocol v1. */
public enum ErrorCode {
  INVALID_MESSAGE, TOO_LARGE, RATE_LIMITED, FORBIDDEN, UNAVAILABLE, TIMEOUT, INTERNAL
}
