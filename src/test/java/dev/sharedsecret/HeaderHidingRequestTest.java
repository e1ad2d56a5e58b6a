package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderHidingRequestTest {
    private final HeaderHidingRequest request = new HeaderHidingRequest(new FakeHttpRequest("GET", "/")
            .header("Accept", "application/json")
            .header("x-shared-secret", "not-a-real-secret")
            .header("X-SHARED-SECRET", "second-copy")
            .header("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")
            .header("X-Count", "7")
            .trailer("X-Shared-Secret", "trailing-copy")
            .trailer("X-Checksum", "abc"), "X-Shared-Secret");

    @Test
    void hidesTheHeaderFromEveryAccessorInAnyCase() {
        for (String name : List.of("X-Shared-Secret", "x-shared-secret", "X-SHARED-SECRET", "x-Shared-secret")) {
            assertNull(request.getHeader(name), name);
            assertFalse(request.getHeaders(name).hasMoreElements(), name);
            assertEquals(-1, request.getIntHeader(name), name);
            assertEquals(-1, request.getDateHeader(name), name);
        }
        assertEquals(List.of("Accept", "If-Modified-Since", "X-Count"), Collections.list(request.getHeaderNames()));
    }

    @Test
    void leavesOtherHeadersAlone() {
        assertEquals("application/json", request.getHeader("accept"));
        assertEquals(List.of("application/json"), Collections.list(request.getHeaders("Accept")));
        assertEquals(7, request.getIntHeader("X-Count"));
        assertEquals(784111777000L, request.getDateHeader("If-Modified-Since"));
    }

    @Test
    void hidesTheHeaderFromTrailerFields() {
        assertEquals(Map.of("x-checksum", "abc"), request.getTrailerFields());
    }
}
