package io.loanofficer.infra;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates made when a test runs (BouncyCastle's builder, in process; PKCS12 stores,
 * EC P-256, valid two days): the broker's or server's (SAN localhost and 127.0.0.1), a service's
 * client certificate, and a stranger's that nobody trusts; plus the trust stores that hold each
 * side's certificate.
 */
record TestCertificates(Path dir, String password) {

  Path brokerKeyStore() {
    return dir.resolve("broker.p12");
  }

  /** The broker's (server's) trust store: the service's certificate (mutual TLS). */
  Path brokerTrustStore() {
    return dir.resolve("broker-trust.p12");
  }

  Path clientKeyStore() {
    return dir.resolve("client.p12");
  }

  /** The clients' trust store: the broker's certificate. */
  Path clientTrustStore() {
    return dir.resolve("client-trust.p12");
  }

  Path strangerKeyStore() {
    return dir.resolve("stranger.p12");
  }

  /** A trust store that holds only the stranger's certificate: the broker's is not in it. */
  Path strangerTrustStore() {
    return dir.resolve("stranger-trust.p12");
  }

  static TestCertificates generate(Path dir, String password) throws Exception {
    TestCertificates certificates = new TestCertificates(dir, password);
    certificates.pair("broker", "CN=localhost", true, "client-trust");
    certificates.pair("client", "CN=loanofficer-service", false, "broker-trust");
    certificates.pair("stranger", "CN=localhost", true, "stranger-trust");
    return certificates;
  }

  /** A key pair with its self-signed certificate in {@code name}.p12, the certificate in {@code trustStore}.p12. */
  private void pair(String name, String subject, boolean serverNames, String trustStore) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    X500Name dn = new X500Name(subject);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), dn, pair.getPublic());
    if (serverNames) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    X509Certificate certificate = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(name, pair.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
    store(keys, dir.resolve(name + ".p12"));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(name, certificate);
    store(trust, dir.resolve(trustStore + ".p12"));
  }

  private void store(KeyStore store, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
  }
}
