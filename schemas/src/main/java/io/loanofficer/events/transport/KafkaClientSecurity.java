package io.loanofficer.events.transport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How every Kafka client of ours reaches a secured cluster (ADR 0015), from environment variables
 * (or system properties of the same names): PLAINTEXT by default; {@code SSL} (TLS, mutual when a key
 * store is given); {@code SASL_SSL} with SCRAM (a password over TLS, and a client certificate too
 * when a key store is given). The services apply it to {@code spring.kafka.properties} (the
 * consumer-groups module's {@code KafkaSecurityEnvironment}), the command-line tools and change
 * capture add {@link #fromEnvironment()} to their clients' configs: one mapping for all of them.
 * SASL over plaintext is refused: it would send the password's exchange and every record in clear.
 */
public final class KafkaClientSecurity {

  public static final String PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
  public static final String SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
  public static final String SASL_USERNAME = "KAFKA_SASL_USERNAME";
  public static final String SASL_PASSWORD = "KAFKA_SASL_PASSWORD";
  public static final String TRUSTSTORE_LOCATION = "KAFKA_SSL_TRUSTSTORE_LOCATION";
  public static final String TRUSTSTORE_PASSWORD = "KAFKA_SSL_TRUSTSTORE_PASSWORD";
  public static final String TRUSTSTORE_TYPE = "KAFKA_SSL_TRUSTSTORE_TYPE";
  public static final String KEYSTORE_LOCATION = "KAFKA_SSL_KEYSTORE_LOCATION";
  public static final String KEYSTORE_PASSWORD = "KAFKA_SSL_KEYSTORE_PASSWORD";
  public static final String KEYSTORE_TYPE = "KAFKA_SSL_KEYSTORE_TYPE";
  public static final String KEY_PASSWORD = "KAFKA_SSL_KEY_PASSWORD";
  public static final String ENDPOINT_IDENTIFICATION = "KAFKA_SSL_ENDPOINT_IDENTIFICATION";

  /** Every variable read here, for documentation and checks. */
  public static final java.util.List<String> VARIABLES = java.util.List.of(PROTOCOL, SASL_MECHANISM, SASL_USERNAME,
      SASL_PASSWORD, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, KEYSTORE_LOCATION, KEYSTORE_PASSWORD,
      KEYSTORE_TYPE, KEY_PASSWORD, ENDPOINT_IDENTIFICATION);

  private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

  /** A setting that cannot work; the message names the variable, never a secret's value. */
  public static final class InvalidKafkaSecurity extends IllegalArgumentException {
    public InvalidKafkaSecurity(String message) {
      super(message);
    }
  }

  private KafkaClientSecurity() {}

  /** The client properties from the process's environment (a system property of the same name wins). */
  public static Map<String, Object> fromEnvironment() {
    return properties(name -> System.getProperty(name, System.getenv(name)));
  }

  /** {@code base} (bootstrap servers and the like) with the security properties of the environment added. */
  public static Map<String, Object> withEnvironment(Map<String, ?> base) {
    Map<String, Object> config = new LinkedHashMap<>(base);
    config.putAll(fromEnvironment());
    return config;
  }

  /**
   * The Kafka client properties for the given settings (looked up by the variable names above): empty
   * for PLAINTEXT, so an unsecured development broker needs nothing.
   *
   * @throws InvalidKafkaSecurity for an unknown protocol or mechanism, SASL without TLS, a password
   *     without a user or the reverse, or a key or trust store without its password
   */
  public static Map<String, Object> properties(Function<String, String> settings) {
    String protocol = value(settings, PROTOCOL, "PLAINTEXT").toUpperCase(Locale.ROOT);
    Map<String, Object> config = new LinkedHashMap<>();
    switch (protocol) {
      case "PLAINTEXT" -> {
        for (String name : VARIABLES) {
          if (!name.equals(PROTOCOL) && value(settings, name, null) != null) {
            throw new InvalidKafkaSecurity(name + " is set but " + PROTOCOL + " is PLAINTEXT: set it to SSL or SASL_SSL");
          }
        }
        return config;
      }
      case "SSL", "SASL_SSL" -> config.put("security.protocol", protocol);
      case "SASL_PLAINTEXT" -> throw new InvalidKafkaSecurity(PROTOCOL + "=SASL_PLAINTEXT would send every record in"
          + " clear: use SASL_SSL");
      default -> throw new InvalidKafkaSecurity(PROTOCOL + " must be PLAINTEXT, SSL or SASL_SSL, not " + protocol);
    }
    store(settings, config, "truststore", TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);
    store(settings, config, "keystore", KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
    String keyPassword = value(settings, KEY_PASSWORD, null);
    if (keyPassword != null) {
      if (!config.containsKey("ssl.keystore.location")) {
        throw new InvalidKafkaSecurity(KEY_PASSWORD + " is set without " + KEYSTORE_LOCATION);
      }
      config.put("ssl.key.password", keyPassword);
    }
    String identification = value(settings, ENDPOINT_IDENTIFICATION, "https");
    // "none" turns host name checking off (a broker certificate without the host's name); never the default
    config.put("ssl.endpoint.identification.algorithm", identification.equalsIgnoreCase("none") ? "" : identification);

    String username = value(settings, SASL_USERNAME, null);
    String password = value(settings, SASL_PASSWORD, null);
    if (protocol.equals("SSL")) {
      if (username != null || password != null || value(settings, SASL_MECHANISM, null) != null) {
        throw new InvalidKafkaSecurity("SASL settings are set but " + PROTOCOL + " is SSL: use SASL_SSL");
      }
      return config;
    }
    String mechanism = value(settings, SASL_MECHANISM, "SCRAM-SHA-512").toUpperCase(Locale.ROOT);
    if (!mechanism.equals("SCRAM-SHA-512") && !mechanism.equals("SCRAM-SHA-256")) {
      throw new InvalidKafkaSecurity(SASL_MECHANISM + " must be SCRAM-SHA-512 or SCRAM-SHA-256, not " + mechanism);
    }
    if (username == null || password == null) {
      throw new InvalidKafkaSecurity(PROTOCOL + "=SASL_SSL needs " + SASL_USERNAME + " and " + SASL_PASSWORD);
    }
    config.put("sasl.mechanism", mechanism);
    config.put("sasl.jaas.config", SCRAM_LOGIN + " required username=\"" + quoted(username) + "\" password=\""
        + quoted(password) + "\";");
    return config;
  }

  private static void store(Function<String, String> settings, Map<String, Object> config, String kind,
      String locationName, String passwordName, String typeName) {
    String location = value(settings, locationName, null);
    String password = value(settings, passwordName, null);
    String type = value(settings, typeName, null);
    if (location == null) {
      if (password != null || type != null) {
        throw new InvalidKafkaSecurity(passwordName + " or " + typeName + " is set without " + locationName);
      }
      return; // the JVM's default trust store; no client certificate
    }
    if (password == null) {
      throw new InvalidKafkaSecurity(locationName + " needs " + passwordName);
    }
    config.put("ssl." + kind + ".location", location);
    config.put("ssl." + kind + ".password", password);
    // PKCS12 unless told otherwise: what keytool and openssl write today (Kafka's own default is JKS)
    config.put("ssl." + kind + ".type", type == null ? "PKCS12" : type);
  }

  private static String value(Function<String, String> settings, String name, String fallback) {
    String value = settings.apply(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Inside a JAAS double-quoted string: backslash and quote escaped. */
  private static String quoted(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
