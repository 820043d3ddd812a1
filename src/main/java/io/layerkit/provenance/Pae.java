package io.layerkit.provenance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DSSE's pre-authentication encoding, the bytes a signature covers (DSSE protocol v1):
 * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, each LEN the byte length in ASCII
 * decimal without leading zeros, type the payload type's UTF-8 bytes.
 */
public final class Pae {
  private Pae() {}

  public static byte[] encode(String payloadType, byte[] body) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + body.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }
}
