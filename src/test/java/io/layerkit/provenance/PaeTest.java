package io.layerkit.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The pre-authentication encoding against the DSSE protocol's own test vector. */
class PaeTest {
  private static final String TYPE = "http://example.com/HelloWorld";
  private static final byte[] BODY = "hello world".getBytes(StandardCharsets.UTF_8);

  @Test
  void encodesTheSpecificationsExample() {
    assertThat(new String(Pae.encode(TYPE, BODY), StandardCharsets.US_ASCII))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  void countsBytesNotCharacters() {
    byte[] body = "é".getBytes(StandardCharsets.UTF_8);
    assertThat(Pae.encode("tÿpe", body)).isEqualTo(
        concat("DSSEv1 5 ".getBytes(StandardCharsets.US_ASCII), "tÿpe".getBytes(StandardCharsets.UTF_8),
            " 2 ".getBytes(StandardCharsets.US_ASCII), body));
    assertThat(new String(Pae.encode("t", new byte[0]), StandardCharsets.US_ASCII))
        .isEqualTo("DSSEv1 1 t 0 ");
  }

  /** The specification's signature (P-256, r||s) verifies over our encoding of its example. */
  @Test
  void theSpecificationsSignatureVerifiesOverOurEncoding() throws Exception {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
        new BigInteger("46950820868899156662930047687818585632848591499744589407958293238635476079160"),
        new BigInteger("5640078356564379163099075877009565129882514886557779369047442380624545832820")),
        parameters.getParameterSpec(ECParameterSpec.class)));
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(key);
    verifier.update(Pae.encode(TYPE, BODY));

    assertThat(verifier.verify(Base64.getDecoder().decode(
        "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==")))
        .isTrue();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
