package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ServletException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per configuration rule, with the exact message: messages are API. */
class ConfigurationTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String KNOWN =
            "[headerName, secretEnv, secretFile, excludePaths, stripHeader, allowCorsPreflight, failOnMissingSecret]";
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
        assertEquals("Unknown init parameter [secretfile]; the known parameters are " + KNOWN,
                initFails(config().param("secretfile", "/run/secrets/origin")).getMessage());
    }

    @Test
    void initFailsOnParameterNameInOtherCase() {
        assertEquals("Unknown init parameter [HeaderName]; the known parameters are " + KNOWN,
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
        assertEquals("X-Token", settings.headerName);
        assertEquals(List.of("A", "B"), settings.secretEnv);
    }

    @Test
    void defaultsApplyWithoutParameters() {
        Settings settings = Settings.fromInitParams(config(), name -> null);
        assertEquals("X-Shared-Secret", settings.headerName);
        assertEquals(List.of("SHARED_SECRET"), settings.secretEnv);
    }

    @Test
    void initFailsWhenABooleanIsNotTrueOrFalse() {
        for (String param : List.of("stripHeader", "allowCorsPreflight", "failOnMissingSecret")) {
            for (String value : List.of("yes", "TRUE", "1", "")) {
                assertEquals("Init parameter [" + param + "] must be [true] or [false] but was [" + value + "]",
                        initFails(config().param(param, value)).getMessage());
            }
        }
    }

    @Test
    void booleansAcceptTrueAndFalseWithSurroundingWhitespace() {
        Settings settings = Settings.fromInitParams(config().param("stripHeader", " false ")
                .param("allowCorsPreflight", "true\n").param("failOnMissingSecret", "true"), name -> null);
        assertEquals(false, settings.stripHeader);
        assertEquals(true, settings.allowCorsPreflight);
        assertEquals(true, settings.failOnMissingSecret);
        Settings defaults = Settings.fromInitParams(config(), name -> null);
        assertEquals(true, defaults.stripHeader);
        assertEquals(false, defaults.allowCorsPreflight);
        assertEquals(false, defaults.failOnMissingSecret);
    }

    @Test
    void initFailsWhenASecretFileIsNotAbsolute() {
        assertEquals("Init parameter [secretFile] must list absolute file paths separated by commas but had [secrets/origin]",
                initFails(config().param("secretFile", "/run/secrets/a, secrets/origin")).getMessage());
    }

    @Test
    void initFailsWhenSecretFileNamesNoFile() {
        assertEquals("Init parameter [secretFile] must name at least one file but was [,]",
                initFails(config().param("secretFile", ",")).getMessage());
    }

    @Test
    void secretFileAloneReplacesTheDefaultVariable() {
        Settings settings = Settings.fromInitParams(config().param("secretFile", "/run/secrets/b/../a"), name -> null);
        assertEquals(List.of(), settings.secretEnv);
        assertEquals(List.of(Path.of("/run/secrets/a")), settings.secretFiles);
        assertEquals(List.of("file:/run/secrets/a"), settings.sources());
        Settings both = Settings.fromInitParams(config().param("secretFile", "/s").param("secretEnv", "A"), name -> null);
        assertEquals(List.of("env:A", "file:/s"), both.sources());
        assertEquals("environment variables [A] and files [/s]", both.describeSources());
    }

    @Test
    void initFailsOnAMalformedExclusion() {
        String rule = "Init parameter [excludePaths] must list paths starting with [/], optionally ending in [/*],"
                + " without [*] elsewhere, [;], [%], [\\] or dot segments, but had ";
        for (String pattern : List.of("health", "*", "/public*", "/a/*/b", "/a;b", "/a%2e", "/a\\b", "/a//b", "/a/./b",
                "/a/../b", "/a/..", "/a/.", "/**")) {
            assertEquals(rule + "[" + pattern + "]", initFails(config().param("excludePaths", "/ok," + pattern)).getMessage());
        }
    }

    @Test
    void initFailsWhenAnExclusionCoversEveryPath() {
        assertEquals("Init parameter [excludePaths] must not exclude every path but had [/*]",
                initFails(config().param("excludePaths", "/health, /*")).getMessage());
    }

    @Test
    void initFailsWhenExcludePathsNamesNoPath() {
        assertEquals("Init parameter [excludePaths] must name at least one path but was [ ]",
                initFails(config().param("excludePaths", " ")).getMessage());
    }

    @Test
    void builderValidatesFilesAndExclusionsAlike() {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> SharedSecretFilter.builder().secretFile(Path.of("relative")));
        assertEquals("Builder setting [secretFile] must list absolute file paths separated by commas but had [relative]",
                relative.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> SharedSecretFilter.builder().secretFile());
        assertEquals("Builder setting [secretFile] must name at least one file but was []", none.getMessage());
        IllegalArgumentException everything = assertThrows(IllegalArgumentException.class,
                () -> SharedSecretFilter.builder().excludePaths("/*"));
        assertEquals("Builder setting [excludePaths] must not exclude every path but had [/*]", everything.getMessage());
        assertThrows(NullPointerException.class, () -> SharedSecretFilter.builder().secretFile((Path) null));
        assertThrows(NullPointerException.class, () -> SharedSecretFilter.builder().excludePaths((String[]) null));
    }

    @Test
    void initFailsWhenNoSecretIsUsableAndFailOnMissingSecretIsTrue() {
        SharedSecretFilter filter = new SharedSecretFilter(Map.of("SHARED_SECRET", "too-short")::get);
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config()
                .param("failOnMissingSecret", "true").param("secretEnv", "SHARED_SECRET,OTHER").param("secretFile", "/nonexistent/s")));
        assertEquals("No usable secret in environment variables [SHARED_SECRET, OTHER] and files [/nonexistent/s]:"
                + " a usable secret is at least 32 characters of visible ASCII (0x21-0x7E) after surrounding whitespace"
                + " is trimmed; generate one with [openssl rand -hex 32]; failing deployment because"
                + " [failOnMissingSecret] is [true]", e.getMessage());
        assertEquals("SharedSecretFilter[not initialised]", filter.toString());
    }

    @Test
    void headerNamesAcceptEveryTokenCharacterAndNothingElse() {
        String token = "azAZ09!#$%&'*+-.^_`|~";
        assertEquals(token, Settings.headerName("", token));
        for (char c : "@[{/:;\"(),<=>?]} \u007f\u00e9".toCharArray()) {
            assertThrows(IllegalArgumentException.class, () -> Settings.headerName("", "X" + c + "Y"), "char " + (int) c);
        }
    }

    @Test
    void variableNamesAcceptLettersDigitsAndUnderscoreDotDash() {
        assertEquals(List.of("azAZ09_.-"), Settings.secretEnv("", "azAZ09_.-"));
        for (char c : "@[{/:`~!$".toCharArray()) {
            assertThrows(IllegalArgumentException.class, () -> Settings.secretEnv("", "A" + c + "B"), "char " + (int) c);
        }
    }

    @Test
    void builderSetsEveryOption() throws Exception {
        SharedSecretFilter filter = SharedSecretFilter.builder()
                .headerName("X-Token")
                .secretEnv("A")
                .secretFile(Path.of("/nonexistent/secret"))
                .excludePaths("/health")
                .stripHeader(false)
                .allowCorsPreflight(true)
                .failOnMissingSecret(true)
                .environment(Map.of("A", SECRET)::get)
                .build();
        filter.init(config());
        assertEquals("SharedSecretFilter[headerName=X-Token, secrets=1]", filter.toString());
        filter.destroy();
    }

    @Test
    void settingsShowEveryOptionAndNoSecret() {
        Settings settings = Settings.fromInitParams(config().param("secretEnv", "A").param("excludePaths", "/health")
                .param("secretFile", "/s"), Map.of("A", SECRET)::get);
        assertEquals("Settings[headerName=X-Shared-Secret, secretEnv=[A], secretFile=[/s], excludePaths=[/health],"
                + " stripHeader=true, allowCorsPreflight=false, failOnMissingSecret=false]", settings.toString());
    }
}
