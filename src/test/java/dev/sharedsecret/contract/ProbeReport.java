package dev.sharedsecret.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ProbeServlet} reported, parsed from its flat JSON object: member name to a
 * {@code String}, {@code Boolean}, {@code Long} or {@code null}.
 */
final class ProbeReport {
    private final Map<String, Object> members;
    private final String json;

    private ProbeReport(Map<String, Object> members, String json) {
        this.members = Collections.unmodifiableMap(members);
        this.json = json;
    }

    /** Parses a probe answer; anything else fails the test. */
    static ProbeReport parse(String json) {
        if (!json.startsWith("{" + ProbeServlet.MARKER)) {
            throw new AssertionError("not a probe report: " + json);
        }
        Parser parser = new Parser(json);
        Map<String, Object> members = new LinkedHashMap<>();
        parser.expect('{');
        do {
            String name = parser.string();
            parser.expect(':');
            members.put(name, parser.value());
        } while (parser.next(','));
        parser.expect('}');
        parser.end();
        return new ProbeReport(members, json);
    }

    /** The value of member {@code name}, which must be present. */
    Object get(String name) {
        if (!members.containsKey(name)) {
            throw new AssertionError("no member [" + name + "] in probe report " + json);
        }
        return members.get(name);
    }

    @Override
    public String toString() {
        return json;
    }

    /** Just enough JSON for the probe: strings with escapes, numbers, true, false, null. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        void expect(char c) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        boolean next(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        void end() {
            if (at != text.length()) {
                throw error("trailing text");
            }
        }

        Object value() {
            if (at < text.length() && text.charAt(at) == '"') {
                return string();
            }
            for (String literal : new String[] {"true", "false", "null"}) {
                if (text.startsWith(literal, at)) {
                    at += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int start = at;
            while (at < text.length() && (text.charAt(at) == '-' || Character.isDigit(text.charAt(at)))) {
                at++;
            }
            if (start == at) {
                throw error("expected a value");
            }
            return Long.valueOf(text.substring(start, at));
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c != '\\') {
                    value.append(c);
                } else if (at < text.length() && text.charAt(at) == 'u') {
                    value.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16));
                    at += 5;
                } else {
                    value.append(text.charAt(at++));
                }
            }
            expect('"');
            return value.toString();
        }

        private AssertionError error(String problem) {
            return new AssertionError(problem + " at " + at + " in probe report " + text);
        }
    }
}
