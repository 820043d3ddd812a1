package io.layerkit.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  @Test
  void anUnsignedAttestationIsOneLineWithAnEmptySignatureList() throws Exception {
    byte[] line = Attestation.write(SampleBuilds.fromBitbucket(), Optional.empty());
    String text = new String(line, StandardCharsets.UTF_8);

    assertThat(text).endsWith("}\n").doesNotContain("\n{").startsWith(
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"");
    assertThat(text).endsWith("\"signatures\":[]}\n");
    Envelope envelope = Envelope.parseLines(line).get(0);
    assertThat(envelope.isSigned()).isFalse();
    assertThat(envelope.payload()).isEqualTo(ProvenanceStatement.toJson(SampleBuilds.fromBitbucket()));
    assertThat(Attestation.write(SampleBuilds.fromBitbucket(), Optional.empty())).isEqualTo(line);
  }

  @Test
  void aSignedEnvelopeCarriesTheSignersKeyIdAndSignatureOverThePae() throws Exception {
    byte[][] signed = new byte[1][];
    EnvelopeSigner signer = pae -> {
      signed[0] = pae;
      return new EnvelopeSignature("arn:aws:kms:eu-west-1:123456789012:key/k", new byte[] {1, 2, 3});
    };

    Envelope envelope = Attestation.envelope(SampleBuilds.fromFolder(), Optional.of(signer));

    assertThat(signed[0]).isEqualTo(Pae.encode(Envelope.IN_TOTO, envelope.payload()));
    assertThat(Envelope.parseLines(envelope.toJsonLine())).containsExactly(envelope);
    assertThat(new String(envelope.toJsonLine(), StandardCharsets.UTF_8)).endsWith(
        "\"signatures\":[{\"keyid\":\"arn:aws:kms:eu-west-1:123456789012:key/k\",\"sig\":\"AQID\"}]}\n");
  }

  @Test
  void readsUrlSafeBase64AndSeveralLinesAndNamesABadLine() throws Exception {
    byte[] payload = new byte[] {(byte) 0xfb, (byte) 0xff, 0x3e};
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    String lines = "{\"payloadType\":\"t\",\"payload\":\"" + urlSafe + "\",\"signatures\":[{\"sig\":\"-_8\"}]}\n"
        + "\n{\"payloadType\":\"t\",\"payload\":\"+/8+\",\"signatures\":[]}\n";

    List<Envelope> envelopes = Envelope.parseLines(lines.getBytes(StandardCharsets.UTF_8));

    assertThat(envelopes).hasSize(2);
    assertThat(envelopes.get(0).payload()).isEqualTo(payload);
    assertThat(envelopes.get(0).signatures().get(0).keyid()).isEmpty();
    assertThat(envelopes.get(0).signatures().get(0).sig()).isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff});
    assertThatThrownBy(() -> Envelope.parseLines("{\"payload\":\"\"}\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("line 1 of the provenance is not a DSSE envelope: payloadType, payload and signatures are required");
  }

  @Test
  void keysNameTheFilesBesideTheZip() {
    assertThat(Attestation.keyFor("layers/requests/requests-20261123223500.zip"))
        .isEqualTo("layers/requests/requests-20261123223500.intoto.jsonl");
  }
}
