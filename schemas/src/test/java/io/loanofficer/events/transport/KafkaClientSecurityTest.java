package io.loanofficer.events.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  private static Map<String, Object> of(Map<String, String> variables) {
    return KafkaClientSecurity.properties(variables::get);
  }

  @Test
  void plaintextByDefaultAddsNothing() {
    assertThat(of(Map.of())).isEmpty();
    assertThat(of(Map.of("KAFKA_SECURITY_PROTOCOL", "plaintext"))).isEmpty();
  }

  @Test
  void saslSslWithScramAndATrustStore() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("security.protocol", "SASL_SSL");
    expected.put("ssl.truststore.location", "/etc/kafka/trust.p12");
    expected.put("ssl.truststore.password", "t-secret");
    expected.put("ssl.truststore.type", "PKCS12");
    expected.put("ssl.endpoint.identification.algorithm", "https");
    expected.put("sasl.mechanism", "SCRAM-SHA-512");
    // quotes and backslashes in a password are escaped inside the JAAS string
    expected.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"orchestrator\" password=\"pa\\\"ss\\\\word\";");

    assertThat(of(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "orchestrator",
        "KAFKA_SASL_PASSWORD", "pa\"ss\\word", "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/trust.p12",
        "KAFKA_SSL_TRUSTSTORE_PASSWORD", "t-secret"))).containsExactlyEntriesOf(expected);
  }

  @Test
  void mutualTlsWithAKeyStoreAndHostNameCheckingOff() {
    Map<String, String> variables = new HashMap<>(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL",
        "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/me.jks", "KAFKA_SSL_KEYSTORE_PASSWORD", "k-secret",
        "KAFKA_SSL_KEYSTORE_TYPE", "JKS", "KAFKA_SSL_KEY_PASSWORD", "key-secret",
        "KAFKA_SSL_ENDPOINT_IDENTIFICATION", "none"));

    assertThat(of(variables)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SSL",
        "ssl.keystore.location", "/etc/kafka/me.jks",
        "ssl.keystore.password", "k-secret",
        "ssl.keystore.type", "JKS",
        "ssl.key.password", "key-secret",
        "ssl.endpoint.identification.algorithm", ""));
  }

  @Test
  void settingsThatCannotWorkAreRefusedNamingTheVariableNotTheSecret() {
    assertThatThrownBy(() -> of(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "u")))
        .isInstanceOf(KafkaClientSecurity.InvalidKafkaSecurity.class)
        .hasMessage("KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
    assertThatThrownBy(() -> of(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")))
        .hasMessage("KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT would send every record in clear: use SASL_SSL");
    assertThatThrownBy(() -> of(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
        .hasMessage("KAFKA_SECURITY_PROTOCOL must be PLAINTEXT, SSL or SASL_SSL, not TLS");
    assertThatThrownBy(() -> of(Map.of("KAFKA_SASL_PASSWORD", "secret-value")))
        .hasMessage("KAFKA_SASL_PASSWORD is set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT: set it to SSL or SASL_SSL");
    assertThatThrownBy(() -> of(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_KEYSTORE_LOCATION", "/k.p12")))
        .hasMessage("KAFKA_SSL_KEYSTORE_LOCATION needs KAFKA_SSL_KEYSTORE_PASSWORD");
    assertThatThrownBy(() -> of(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SASL_USERNAME", "u")))
        .hasMessage("SASL settings are set but KAFKA_SECURITY_PROTOCOL is SSL: use SASL_SSL");
    assertThatThrownBy(() -> of(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
        "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "secret-value")))
        .hasMessage("KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 or SCRAM-SHA-256, not PLAIN")
        .hasMessageNotContaining("secret-value");
  }
}
