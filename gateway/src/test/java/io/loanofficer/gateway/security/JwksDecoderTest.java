package io.loanofficer.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.loanofficer.gateway.testing.TestTokens;
import io.loanofficer.identity.TokenDecoders;
import io.loanofficer.identity.TokenSettings;
import io.loanofficer.identity.UserClaims;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Production mode: RS256 tokens verified against the IdP's JWK set, with issuer and audience. */
class JwksDecoderTest {

  private static final String ISSUER = "https://idp.bank.test";
  private static final String AUDIENCE = "loanofficer-gateway";

  private static HttpServer idp;
  private static RSAKey key;
  private static JwtDecoder decoder;

  @BeforeAll
  static void startIdp() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    idp.createContext("/jwks", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    idp.start();
    String uri = "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks";
    decoder = TokenDecoders.create(new TokenSettings(uri, null, ISSUER, AUDIENCE, Duration.ZERO));
  }

  @AfterAll
  static void stopIdp() {
    idp.stop(0);
  }

  private static String rs256(String issuer, String audience, RSAKey signer) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("officer-1").issuer(issuer).audience(audience)
        .claim("roles", List.of("LOAN_OFFICER")).issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  @Test
  void aTokenOfTheIdpIsAccepted() throws Exception {
    Jwt jwt = decoder.decode(rs256(ISSUER, AUDIENCE, key));
    assertThat(jwt.getSubject()).isEqualTo("officer-1");
    assertThat(UserClaims.roles(jwt)).containsExactly("LOAN_OFFICER");
  }

  @Test
  void wrongAudienceWrongIssuerAnotherKeyOrHs256AreRefused() throws Exception {
    assertThatThrownBy(() -> decoder.decode(rs256(ISSUER, "other-app", key))).isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(rs256("https://evil.test", AUDIENCE, key))).isInstanceOf(JwtException.class);
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThatThrownBy(() -> decoder.decode(rs256(ISSUER, AUDIENCE, stranger))).isInstanceOf(JwtException.class);
    String hs256 = TestTokens.token("officer-1", List.of("ADMIN"), ISSUER, AUDIENCE, Duration.ofMinutes(5), TestTokens.SECRET);
    assertThatThrownBy(() -> decoder.decode(hs256)).isInstanceOf(JwtException.class);
  }

  @Test
  void withoutJwksUriOrSecretTheGatewayRefusesToStart() {
    assertThatThrownBy(() -> TokenDecoders.create(new TokenSettings(null, "short", null, null, Duration.ZERO)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_SECRET");
  }
}
