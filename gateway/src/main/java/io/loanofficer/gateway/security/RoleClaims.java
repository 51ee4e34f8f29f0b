package io.loanofficer.gateway.security;

import io.loanofficer.identity.UserClaims;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Token to authentication: the subject is the user, each known entry of {@code roles} an authority ROLE_x. */
public final class RoleClaims implements Converter<Jwt, AbstractAuthenticationToken> {

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    return new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
  }

  static Collection<GrantedAuthority> authorities(Jwt jwt) {
    List<String> roles = UserClaims.roles(jwt);
    return roles.stream().filter(Roles.ALL::contains)
        .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role)).toList();
  }
}
