package io.loanofficer.tools.pii;

import io.loanofficer.pii.TextMasker;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks a tool result before it leaves the worker: the value of every field {@link PiiField}
 * classifies becomes a token, and personal data found by pattern ({@link TextMasker}) in any other
 * string becomes a token too. Numbers, booleans and field names are kept.
 */
public final class ResultMasker {

  private final ObjectMapper json;
  private final PiiTokenizer tokenizer;

  public ResultMasker(ObjectMapper json, PiiTokenizer tokenizer) {
    this.json = json;
    this.tokenizer = tokenizer;
  }

  /** The result JSON with its personal data replaced by this conversation's tokens. */
  public String mask(String resultJson, String conversationId) {
    return json.writeValueAsString(maskTree(resultJson, conversationId));
  }

  /** The same as a tree, for a caller that goes on with it (the pager) rather than read the text again. */
  public JsonNode maskTree(String resultJson, String conversationId) {
    return walk(json.readTree(resultJson), conversationId);
  }

  /** A free text (an error message) with the personal data patterns replaced by tokens. */
  public String maskText(String text, String conversationId) {
    return TextMasker.mask(text, (kind, value) -> tokenizer.token(kind, conversationId, value)).text();
  }

  private JsonNode walk(JsonNode node, String conversationId) {
    if (node instanceof ObjectNode object) {
      for (String name : List.copyOf(object.propertyNames())) {
        JsonNode value = object.get(name);
        var kind = PiiField.of(name);
        if (kind.isPresent() && value != null && (value.isString() || value.isNumber())) {
          object.set(name, json.getNodeFactory().stringNode(tokenizer.token(kind.get(), conversationId, value.asString())));
        } else {
          object.set(name, walk(value, conversationId));
        }
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, walk(array.get(i), conversationId));
      }
      return array;
    }
    if (node != null && node.isString()) {
      return json.getNodeFactory().stringNode(maskText(node.asString(), conversationId));
    }
    return node;
  }
}
