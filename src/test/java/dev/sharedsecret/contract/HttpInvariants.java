package dev.sharedsecret.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The invariants the HTTP fuzz targets check after every input, whatever bytes it held. Each is
 * decided from what the container parsed (recorded in front of the filter, {@link FuzzExchange})
 * and from the bytes it sent back, never from the fuzzer's bytes:
 * <ol>
 * <li>the application is reached at a path that is not excluded only by a request that carried
 * exactly one secret header whose value equals a configured secret, or by an allowed CORS
 * preflight; and every such request, and every request at an excluded path, does reach it;</li>
 * <li>the application never sees the secret header;</li>
 * <li>no response is a 5xx (but the container's own 501 or 505 to a request it refused before
 * any filter ran, {@link #PARSER_VERDICTS}), nothing is thrown out of the filter chain, and no
 * response carries a configured secret (but where the container's own answer quotes the request
 * target, {@link #ECHOED_URI});</li>
 * <li>every 401 carries exactly one of the two documented bodies, the one the documented order
 * gives for what the container parsed.</li>
 * </ol>
 * A broken invariant is an {@link AssertionError} whose message names the invariant and the
 * request by method and path, with any configured secret in them masked, and never a header value.
 */
final class HttpInvariants {
    static final byte[] MISSING = "{\"error\":\"No secret provided\"}".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INVALID = "{\"error\":\"Invalid secret\"}".getBytes(StandardCharsets.US_ASCII);
    /**
     * The 5xx a container may answer itself, before any filter, to a request it cannot serve: 501
     * for an unknown transfer coding (RFC 9112 section 6.1; Tomcat), 505 for an unsupported HTTP
     * version (RFC 9110 section 15.6.6; Tomcat for {@code HTTP/2.0}, Jetty for a malformed one). Any
     * other 5xx, and any 5xx to a request that reached the filters, breaks invariant 3.
     */
    private static final Set<Integer> PARSER_VERDICTS = Set.of(501, 505);
    /**
     * Where a container's own answer quotes the request target: the row of Jetty's default error
     * page, and the {@code Location} of a redirect (Jetty sends a target without a path, such as
     * {@code ?x}, to {@code /?x}). A secret there was sent by the client in the URI, not in the header,
     * and goes back to the same client: in responses the container gave itself, before any filter
     * ran, it is not counted as a leak. Any other place, a header value quoted in a message above
     * all, is.
     */
    private static final Pattern ECHOED_URI =
            Pattern.compile("<tr><th>URI:</th><td>[^<]*</td></tr>|(?im)^Location:[^\r\n]*$");

    private HttpInvariants() {}

    /**
     * Checks one input's exchanges and the server's bytes.
     *
     * @param drained what the application recorded
     * @param output  every byte the server sent on the connection
     */
    static void check(FuzzApp.Drained drained, byte[] output) {
        Map<Integer, FuzzExchange> byId = new HashMap<>();
        for (FuzzExchange exchange : drained.exchanges()) {
            byId.put(exchange.id, exchange);
            checkExchange(exchange);
        }
        if (drained.stillInChain()) {
            fail(3, "a request was still in the filter chain 10 seconds after the connection closed");
        }
        if (drained.unrecorded() > 0) {
            fail(1, drained.unrecorded() + " request(s) reached the application without passing the filters");
        }
        WireResponses.Parsed parsed = WireResponses.parse(output,
                id -> byId.containsKey(id) && "HEAD".equals(byId.get(id).method));
        if (containsSecret(parsed.unframed())) {
            fail(3, "bytes the server sent after its last complete response contain a configured secret");
        }
        for (WireResponses.Response response : parsed.responses()) {
            FuzzExchange exchange = byId.get(response.exchange());
            String request = exchange == null ? "a request the container answered itself" : describe(exchange);
            String checked = exchange == null ? ECHOED_URI.matcher(response.wire()).replaceAll("") : response.wire();
            if (containsSecret(checked)) {
                fail(3, "the response with status " + response.status() + " contains a configured secret, for "
                        + request);
            }
            if (response.status() >= 500 && (exchange != null || !PARSER_VERDICTS.contains(response.status()))) {
                fail(3, "status " + response.status() + " for " + request);
            }
            if (response.status() == 401 && !(exchange != null && "HEAD".equals(exchange.method))) {
                byte[] expected = exchange == null ? null : expectedRejection(exchange);
                boolean documented = Arrays.equals(response.body(), MISSING) || Arrays.equals(response.body(), INVALID);
                if (!documented || (expected != null && !Arrays.equals(response.body(), expected))) {
                    fail(4, "401 with " + (documented ? "the other documented body" : "an undocumented body of "
                            + response.body().length + " bytes") + " for " + request);
                }
            }
        }
    }

    private static void checkExchange(FuzzExchange exchange) {
        boolean excluded = excludedByDocumentedRule(exchange.servletPath, exchange.pathInfo);
        boolean preflight = "OPTIONS".equals(exchange.method) && exchange.origin && exchange.accessControlRequestMethod;
        boolean validSecret = exchange.secretValues.size() == 1 && FuzzApp.SECRETS.contains(exchange.secretValues.get(0));
        if (exchange.reached && !excluded && !preflight && !validSecret) {
            fail(1, "the application was reached at a path that is not excluded, without a preflight and with "
                    + secretValues(exchange) + ": " + describe(exchange));
        }
        if (!exchange.reached && exchange.escaped == null && (excluded || preflight || validSecret)) {
            fail(1, "the application was not reached (status " + exchange.status + ") by a request "
                    + (excluded ? "at an excluded path" : preflight ? "that is an allowed preflight"
                            : "with one valid secret") + ": " + describe(exchange));
        }
        if (!exchange.secretVisibleThrough.isEmpty()) {
            fail(2, "the application saw the secret header through " + exchange.secretVisibleThrough + ": "
                    + describe(exchange));
        }
        if (exchange.escaped != null) {
            fail(3, exchange.escaped + " came out of the filter chain: " + describe(exchange));
        }
        if (exchange.status >= 500) {
            fail(3, "status " + exchange.status + " when the chain returned: " + describe(exchange));
        }
    }

    /**
     * The documented exclusion rule ({@code excludePaths} in the README), applied to
     * {@code servletPath + pathInfo}: {@code /health} exactly, {@code /public} and everything under
     * {@code /public/}, case-sensitively; never a path that is missing or still looks unnormalised (a
     * {@code ;}, {@code %}, {@code \}, control character, empty or dot segment).
     */
    static boolean excludedByDocumentedRule(String servletPath, String pathInfo) {
        String path = servletPath == null ? pathInfo : pathInfo == null ? servletPath : servletPath + pathInfo;
        if (path == null || !path.startsWith("/")
                || path.chars().anyMatch(c -> c == ';' || c == '%' || c == '\\' || Character.isISOControl(c))) {
            return false;
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            boolean emptyInside = segments[i].isEmpty() && i < segments.length - 1;
            if (emptyInside || segments[i].equals(".") || segments[i].equals("..")) {
                return false;
            }
        }
        return path.equals("/health") || path.equals("/public") || path.startsWith("/public/");
    }

    private static boolean containsSecret(String text) {
        return FuzzApp.SECRETS.stream().anyMatch(text::contains);
    }

    /** The body the documented order gives for a rejected request: missing, or invalid. */
    private static byte[] expectedRejection(FuzzExchange exchange) {
        List<String> values = exchange.secretValues;
        return values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty()) ? MISSING : INVALID;
    }

    /** How many secret header values the request had and whether one was right; never a value. */
    private static String secretValues(FuzzExchange exchange) {
        int right = (int) exchange.secretValues.stream().filter(FuzzApp.SECRETS::contains).count();
        return exchange.secretValues.size() + " secret header value(s), " + right + " of them a configured secret";
    }

    /** Method, servlet path and path info, with configured secrets masked and control characters escaped. */
    static String describe(FuzzExchange exchange) {
        return "#" + exchange.id + " " + mask(exchange.method) + " servletPath=" + mask(exchange.servletPath)
                + " pathInfo=" + mask(exchange.pathInfo);
    }

    static String mask(String text) {
        if (text == null) {
            return "null";
        }
        String masked = text;
        for (String secret : FuzzApp.SECRETS) {
            masked = masked.replace(secret, "<secret>");
        }
        StringBuilder escaped = new StringBuilder("[");
        masked.chars().limit(200).forEach(c -> escaped.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return escaped.append(masked.length() > 200 ? "...]" : "]").toString();
    }

    private static void fail(int invariant, String message) {
        throw new AssertionError("invariant " + invariant + " broken: " + message);
    }
}
