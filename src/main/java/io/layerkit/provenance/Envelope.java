package io.layerkit.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope (DSSE envelope v1): a payload, its type, and signatures over
 * {@link Pae#encode}. An envelope without signatures is an unsigned one, and says so by its empty
 * {@code signatures} list (the field is required even when empty).
 *
 * @param payloadType how to read the payload ({@value #IN_TOTO} for an in-toto statement)
 * @param payload the serialized body
 * @param signatures the signatures, possibly none
 */
public record Envelope(String payloadType, byte[] payload, List<EnvelopeSignature> signatures) {
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  public Envelope {
    Objects.requireNonNull(payloadType, "payloadType");
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The bytes every signature covers. */
  public byte[] pae() {
    return Pae.encode(payloadType, payload);
  }

  public boolean isSigned() {
    return !signatures.isEmpty();
  }

  /** One line of JSON Lines: the envelope as compact JSON, then a newline. */
  public byte[] toJsonLine() {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("payloadType", payloadType);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    ArrayNode list = envelope.putArray("signatures");
    for (EnvelopeSignature signature : signatures) {
      list.addObject().put("keyid", signature.keyid())
          .put("sig", Base64.getEncoder().encodeToString(signature.sig()));
    }
    try {
      return (JSON.writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a DSSE envelope", e);
    }
  }

  /**
   * Every envelope of a JSON Lines document; base64 standard or URL-safe, as DSSE allows.
   *
   * @throws ProvenanceException naming the line that is not an envelope
   */
  public static List<Envelope> parseLines(byte[] jsonLines) throws ProvenanceException {
    List<Envelope> envelopes = new ArrayList<>();
    String[] lines = new String(jsonLines, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        try {
          envelopes.add(parse(JSON.readTree(lines[i])));
        } catch (IOException | IllegalArgumentException e) {
          throw new ProvenanceException("line " + (i + 1) + " of the provenance is not a DSSE"
              + " envelope: " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    }
    return envelopes;
  }

  private static Envelope parse(JsonNode node) throws ProvenanceException {
    if (!node.path("payloadType").isTextual() || !node.path("payload").isTextual()
        || !node.path("signatures").isArray()) {
      throw new ProvenanceException("payloadType, payload and signatures are required");
    }
    List<EnvelopeSignature> signatures = new ArrayList<>();
    for (JsonNode signature : node.get("signatures")) {
      if (!signature.path("sig").isTextual()) {
        throw new ProvenanceException("a signature without sig");
      }
      signatures.add(new EnvelopeSignature(signature.path("keyid").asText(""),
          base64(signature.get("sig").asText())));
    }
    return new Envelope(node.get("payloadType").asText(), base64(node.get("payload").asText()),
        signatures);
  }

  private static byte[] base64(String text) {
    return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
        ? Base64.getUrlDecoder().decode(text)
        : Base64.getDecoder().decode(text);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Envelope that && payloadType.equals(that.payloadType)
        && Arrays.equals(payload, that.payload) && signatures.equals(that.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }

  @Override
  public String toString() {
    return "Envelope[" + payloadType + ", " + payload.length + " bytes, "
        + signatures.size() + " signatures]";
  }
}
