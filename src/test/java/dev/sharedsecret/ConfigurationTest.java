package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ServletException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per configuration rule, with the exact message: messages are API. */
class ConfigurationTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String HEADER_RULE = "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~) but was ";

    private static ServletException initFails(FakeFilterConfig config) {
        SharedSecretFilter filter = new SharedSecretFilter(Map.of("SHARED_SECRET", SECRET)::get);
        return assertThrows(ServletException.class, () -> filter.init(config));
    }

    private static FakeFilterConfig config() {
        return new FakeFilterConfig("sharedSecret");
    }

    @Test
    void initFailsOnUnknownParameter() {
        assertEquals("Unknown init parameter [secretFile]; the known parameters are [headerName, secretEnv]",
                initFails(config().param("secretFile", "/run/secrets/origin")).getMessage());
    }

    @Test
    void initFailsOnParameterNameInOtherCase() {
        assertEquals("Unknown init parameter [HeaderName]; the known parameters are [headerName, secretEnv]",
                initFails(config().param("HeaderName", "X-Token")).getMessage());
    }

    @Test
    void initFailsWhenHeaderNameIsEmpty() {
        assertEquals("Init parameter [headerName] " + HEADER_RULE + "[ ]",
                initFails(config().param("headerName", " ")).getMessage());
    }

    @Test
    void initFailsWhenHeaderNameIsNotAToken() {
        assertEquals("Init parameter [headerName] " + HEADER_RULE + "[X-Shared:Secret]",
                initFails(config().param("headerName", "X-Shared:Secret")).getMessage());
        assertEquals("Init parameter [headerName] " + HEADER_RULE + "[X Shared]",
                initFails(config().param("headerName", "X Shared")).getMessage());
        assertEquals("Init parameter [headerName] " + HEADER_RULE + "[X-Sécret]",
                initFails(config().param("headerName", "X-Sécret")).getMessage());
    }

    @Test
    void initFailsWhenSecretEnvNamesNoVariable() {
        assertEquals("Init parameter [secretEnv] must name at least one environment variable but was [ , ,]",
                initFails(config().param("secretEnv", " , ,")).getMessage());
    }

    @Test
    void initFailsWhenSecretEnvHasAMalformedName() {
        assertEquals("Init parameter [secretEnv] must list environment variable names (letters, digits, _ . -)"
                        + " separated by commas but had [SHARED SECRET]",
                initFails(config().param("secretEnv", "A,SHARED SECRET")).getMessage());
        assertEquals("Init parameter [secretEnv] must list environment variable names (letters, digits, _ . -)"
                        + " separated by commas but had [$SHARED_SECRET]",
                initFails(config().param("secretEnv", "$SHARED_SECRET")).getMessage());
    }

    @Test
    void initFailsWhenAFilterMadeByTheBuilderGetsInitParameters() {
        SharedSecretFilter filter = SharedSecretFilter.builder().environment(Map.of("SHARED_SECRET", SECRET)::get).build();
        ServletException e = assertThrows(ServletException.class,
                () -> filter.init(config().param("headerName", "X-Token")));
        assertEquals("Init parameters [headerName] are not allowed on a filter made by SharedSecretFilter.builder();"
                + " configure it there", e.getMessage());
    }

    @Test
    void builderRejectsMalformedHeaderName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedSecretFilter.builder().headerName("X Token"));
        assertEquals("Builder setting [headerName] " + HEADER_RULE + "[X Token]", e.getMessage());
    }

    @Test
    void builderRejectsEmptySecretEnv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedSecretFilter.builder().secretEnv());
        assertEquals("Builder setting [secretEnv] must name at least one environment variable but was []", e.getMessage());
    }

    @Test
    void builderRejectsNulls() {
        assertThrows(NullPointerException.class, () -> SharedSecretFilter.builder().headerName(null));
        assertThrows(NullPointerException.class, () -> SharedSecretFilter.builder().secretEnv((String[]) null));
        assertThrows(NullPointerException.class, () -> SharedSecretFilter.builder().environment(null));
    }

    @Test
    void surroundingWhitespaceAndEmptyEntriesAreIgnored() {
        Settings settings = Settings.fromInitParams(
                config().param("headerName", " X-Token\n").param("secretEnv", " A, ,B,A,\n"), name -> null);
        assertEquals("X-Token", settings.headerName());
        assertEquals(java.util.List.of("A", "B"), settings.secretEnv());
    }

    @Test
    void defaultsApplyWithoutParameters() {
        Settings settings = Settings.fromInitParams(config(), name -> null);
        assertEquals("X-Shared-Secret", settings.headerName());
        assertEquals(java.util.List.of("SHARED_SECRET"), settings.secretEnv());
    }
}
