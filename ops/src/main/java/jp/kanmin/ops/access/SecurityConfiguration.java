package jp.kanmin.ops.access;

import jp.kanmin.ops.web.Problems;
import jp.kanmin.shared.access.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Every API request acts as exactly one organisation, proven by a bearer token. Spring Security's own
 * {@link AuthenticationWebFilter} does the work; this class only says how a token becomes a {@link Caller}.
 * Which incidents a caller may read or post to is decided by the domain (participation), not here.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ApiTokens tokens, JsonMapper json,
                                       RequestLimits.Settings limits) {
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(authenticationManager(tokens));
        bearer.setServerAuthenticationConverter(bearerToken());
        bearer.setAuthenticationFailureHandler((exchange, failure) -> failure instanceof AuthenticationServiceException
                ? storeUnavailable(exchange.getExchange(), json) : unauthorized(exchange.getExchange(), json));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // Spring's defaults (nosniff, frame DENY, no caching, HSTS on https) and, for the pages: scripts and
                // styles from this server only (inline styles allowed; no inline scripts), no plugins, no framing
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter
                                        .ReferrerPolicy.NO_REFERRER)))
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(new RequestLimits(limits, json), SecurityWebFiltersOrder.AUTHORIZATION)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                      "/actuator/prometheus").permitAll()
                        .pathMatchers("/api/admin/**", "/actuator/**").hasAuthority(authority(Caller.Role.ADMIN))
                        // an organisation's notification rules and log are its own staff's (and administrators')
                        .pathMatchers("/api/organisations/{organisationId}/notification-rules/**",
                                      "/api/organisations/{organisationId}/notifications/**")
                        .access((authentication, context) -> authentication.map(caller -> new AuthorizationDecision(
                                caller.isAuthenticated() && caller.getPrincipal() instanceof Caller c
                                && (c.isAdmin() || c.organisationId().value()
                                                    .equals(context.getVariables().get("organisationId"))))))
                        .pathMatchers(HttpMethod.POST, "/api/organisations", "/api/organisations/**")
                        .hasAuthority(authority(Caller.Role.ADMIN))
                        .pathMatchers(HttpMethod.PUT, "/api/organisations/**").hasAuthority(authority(Caller.Role.ADMIN))
                        .pathMatchers(HttpMethod.DELETE, "/api/organisations/**")
                        .hasAuthority(authority(Caller.Role.ADMIN))
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().permitAll())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> unauthorized(exchange, json))
                        .accessDeniedHandler((exchange, e) -> Problems.write(exchange, Problems.problem(
                                HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                                "your organisation's token does not allow this", List.of(), null), json)))
                .build();
    }

    /** A token that cannot be checked because the store is away is not a wrong token: 503, not 401. */
    private static ReactiveAuthenticationManager authenticationManager(ApiTokens tokens) {
        return authentication -> tokens.authenticate((String) authentication.getCredentials())
                                       .onErrorMap(e -> !(e instanceof AuthenticationException),
                                                   e -> new AuthenticationServiceException("store unavailable", e))
                                       .switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown token")))
                                       .map(SecurityConfiguration::authenticated);
    }

    private static Mono<Void> storeUnavailable(org.springframework.web.server.ServerWebExchange exchange,
                                               JsonMapper json) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return Problems.write(exchange, Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Service unavailable",
                "the store cannot be reached; nothing was recorded, try again shortly", List.of(), null), json);
    }

    private static Authentication authenticated(Caller caller) {
        List<SimpleGrantedAuthority> authorities = caller.roles().stream()
                                                         .map(role -> new SimpleGrantedAuthority(authority(role)))
                                                         .toList();
        return UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities);
    }

    private static ServerAuthenticationConverter bearerToken() {
        return exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Mono.empty();
            }
            return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(null, header.substring(7).trim()));
        };
    }

    static String authority(Caller.Role role) {
        return "ROLE_" + role.name();
    }

    private static Mono<Void> unauthorized(org.springframework.web.server.ServerWebExchange exchange, JsonMapper json) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kanmin\"");
        return Problems.write(exchange, Problems.problem(
                HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized",
                "send your organisation's API token as 'Authorization: Bearer <token>'", List.of(), null), json);
    }
}
