package com.example.bench;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the gateway by an API-key header, in the way of Spring Security's own
 * {@code BasicAuthenticationFilter}: no header, and the request goes on unauthenticated (the
 * authorization rules then deny it, through the entry point, unless its path is open); a header
 * equal to a configured secret ({@link MessageDigest#isEqual}, constant time) sets an authenticated
 * token in the security context; any other value is answered by the entry point at once.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final String headerName;
    private final List<byte[]> secrets;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyFilter(String headerName, List<byte[]> secrets, AuthenticationEntryPoint entryPoint) {
        this.headerName = headerName;
        this.secrets = secrets.stream().map(byte[]::clone).toList();
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(headerName);
        if (key == null || key.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] received = key.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (byte[] secret : secrets) {
            valid |= MessageDigest.isEqual(received, secret);
        }
        if (!valid) {
            contexts.clearContext();
            entryPoint.commence(request, response, new InvalidApiKeyException());
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("gateway", null, AuthorityUtils.NO_AUTHORITIES));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    /** The header was present but matched no secret. */
    static final class InvalidApiKeyException extends BadCredentialsException {
        private static final long serialVersionUID = 1L;

        InvalidApiKeyException() {
            super("Invalid API key");
        }
    }
}
