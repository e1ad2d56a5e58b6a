package com.example.bench;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The usual Spring Security recipe for an API-key header, as the benchmark's {@code security}
 * variant: a stateless {@link SecurityFilterChain} without CSRF (no browser sessions), {@code /health}
 * open and everything else authenticated, with {@link ApiKeyFilter} to authenticate the gateway by
 * the header {@code X-Shared-Secret} and an entry point that answers 401 with the same JSON bodies
 * as {@code SharedSecretFilter}. The secrets are the same properties the filter reads.
 */
@Configuration(proxyBeanMethods = false)
public class ApiKeySecurity {

    @Bean
    SecurityFilterChain apiKeyFilterChain(HttpSecurity http, Environment environment) throws Exception {
        List<byte[]> secrets = Stream.of("shared-secret.current", "shared-secret.previous")
                .map(environment::getProperty)
                .filter(Objects::nonNull)
                .filter(secret -> !secret.isEmpty())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .toList();
        AuthenticationEntryPoint unauthorized = ApiKeySecurity::unauthorized;
        // Not a @Bean: Boot would register a Filter bean with the container as well, outside the chain.
        var apiKeyFilter = new ApiKeyFilter("X-Shared-Secret", secrets, unauthorized);
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/health").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthorized))
                .addFilterBefore(apiKeyFilter, AnonymousAuthenticationFilter.class)
                .build();
    }

    /**
     * 401 JSON: {@code Invalid secret} when {@link ApiKeyFilter} refused a key, {@code No secret
     * provided} when an unauthenticated request was denied by the authorization rules.
     */
    static void unauthorized(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String message = exception instanceof ApiKeyFilter.InvalidApiKeyException ? "Invalid secret" : "No secret provided";
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
