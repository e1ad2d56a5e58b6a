package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathExclusionsTest {
    private final PathExclusions exclusions = PathExclusions.of("", "/health", "/public/*", "/");

    @Test
    void matchesExactPathsOnly() {
        assertTrue(exclusions.excludes("/health"));
        assertTrue(exclusions.excludes("/"));
        for (String path : List.of("/health/", "/health/x", "/healthz", "/Health", "/HEALTH", "/x/health")) {
            assertFalse(exclusions.excludes(path), path);
        }
    }

    @Test
    void matchesPrefixesOnSegmentBoundaries() {
        for (String path : List.of("/public", "/public/", "/public/x", "/public/x/y.css")) {
            assertTrue(exclusions.excludes(path), path);
        }
        for (String path : List.of("/publicity", "/public.css", "/Public/x", "/x/public/y", "/publi")) {
            assertFalse(exclusions.excludes(path), path);
        }
    }

    @Test
    void neverExcludesAPathThatIsNotNormalised() {
        for (String path : List.of("/public/../admin", "/public/./x", "/public//x", "//public/x", "/public/x;a=b",
                "/health;", "/public/%2e%2e/admin", "/public\\..\\admin", "/health\u0000", "/public/x\n", "/public/..",
                "/public/.", "/health\u0085", "health", "")) {
            assertFalse(exclusions.excludes(path), path);
        }
    }

    @Test
    void treatsEveryControlCharacterAsNotNormalisedButNothingElse() {
        for (char c : new char[] {0x00, 0x1F, 0x7F, 0x80, 0x85, 0x9F}) {
            assertFalse(exclusions.excludes("/public/a" + c), "char " + (int) c);
        }
        for (char c : new char[] {0x20, 0x7E, 0xA0, 0xE9, 0x2028}) {
            assertTrue(exclusions.excludes("/public/a" + c), "char " + (int) c);
        }
    }

    @Test
    void joinsServletPathAndPathInfo() {
        assertTrue(exclusions.excludes(new FakeHttpRequest("GET", "/app/public/x").servletPath("/public").pathInfo("/x")));
        assertTrue(exclusions.excludes(new FakeHttpRequest("GET", "/app/health").servletPath("").pathInfo("/health")));
        assertTrue(exclusions.excludes(new FakeHttpRequest("GET", "/app/health").servletPath("/health")));
        assertFalse(exclusions.excludes(new FakeHttpRequest("GET", "/app/health").servletPath("/api").pathInfo("/health")));
        assertFalse(exclusions.excludes(new FakeHttpRequest("GET", "/health").servletPath(null)));
    }

    @Test
    void requiresTheSecretWhenTheContainerGivesNoPath() {
        assertFalse(exclusions.excludes(new FakeHttpRequest("GET", "/health").servletPath(null).pathInfo(null)));
        assertFalse(exclusions.excludes(new FakeHttpRequest("GET", "/health").servletPath("").pathInfo(null)));
    }

    @Test
    void noExclusionsExcludeNothing() {
        assertFalse(PathExclusions.NONE.excludes(new FakeHttpRequest("GET", "/health").servletPath("/health")));
    }
}
