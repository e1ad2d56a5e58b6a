package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the README and docs/ say that can drift from the code. Their integration snippets are the
 * code the consumer projects under src/it build and test, and the gateway configurations in
 * docs/gateways.md are the files examples/gateways/e2e.sh runs: a fenced block right after
 * {@code <!-- snippet: NAME -->} in README.md or docs/*.md must equal, line for line after removing
 * common indentation, the region between the markers {@code readme:NAME} and {@code end:NAME} (in
 * a {@code //}, {@code #} or {@code <!-- -->} comment) of every file under src/it and
 * examples/gateways that has one; every region must be shown once. The README's configuration
 * table lists exactly the {@code PARAM_} constants with their {@code DEFAULT_} values, and its
 * names of the request attribute, the MBean and its attributes are the code's.
 */
class ReadmeSnippetsTest {

    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet: ([\\w.-]+) -->\\R```[\\w-]*\\R(.*?)\\R```", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile(
            "^[ \\t]*(?://|#|<!--) readme:([\\w.-]+)(?: -->)?\\R(.*?)^[ \\t]*(?://|#|<!--) end:\\1(?: -->)?$",
            Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void readmeSnippetsAreTheConsumerProjectsCodeAndTheTestedGatewayConfigurations() throws IOException {
        Map<String, String> readme = new TreeMap<>();
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        for (Path document : documents) {
            Matcher block = README_BLOCK.matcher(Files.readString(document));
            while (block.find()) {
                assertTrue(readme.put(block.group(1), block.group(2)) == null, "snippet shown twice: " + block.group(1));
            }
        }
        Map<String, List<Path>> regionFiles = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src", "it")),
                Files.walk(Path.of("examples", "gateways")))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                Matcher region = REGION.matcher(Files.readString(file));
                while (region.find()) {
                    String name = region.group(1);
                    regionFiles.computeIfAbsent(name, n -> new ArrayList<>()).add(file);
                    String expected = readme.get(name);
                    if (expected != null && !expected.equals(dedent(region.group(2)))) {
                        mismatches.add(file + " region [" + name + "] differs from the README:\n--- README\n"
                                + expected + "\n--- " + file + "\n" + dedent(region.group(2)));
                    }
                }
            }
        }
        assertFalse(readme.isEmpty(), "README.md has no <!-- snippet: NAME --> blocks");
        assertEquals(readme.keySet(), regionFiles.keySet(),
                "each README snippet needs a readme:NAME region under src/it or examples/gateways,"
                        + " and each region a README snippet");
        assertTrue(mismatches.isEmpty(), String.join("\n\n", mismatches));
    }

    /** A row of the README's configuration table: {@code | `name` | default | meaning |}. */
    private static final Pattern CONFIG_ROW = Pattern.compile("^\\| `(\\w+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    @Test
    void configurationTableListsEveryInitParamWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("| init-param | default | meaning |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Map<String, String> rows = new TreeMap<>();
        Matcher row = CONFIG_ROW.matcher(table);
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        Map<String, String> params = new TreeMap<>();
        for (Field field : SharedSecretFilter.class.getFields()) {
            if (field.getName().startsWith("PARAM_")) {
                String suffix = field.getName().substring("PARAM_".length());
                String expected = "none";
                try {
                    expected = "`" + SharedSecretFilter.class.getField("DEFAULT_" + suffix).get(null) + "`";
                } catch (NoSuchFieldException e) {
                    // no default: the table says none
                }
                params.put((String) field.get(null), expected);
            }
        }
        assertEquals(params.keySet(), rows.keySet(), "the table's init-params are the PARAM_ constants");
        params.forEach((name, expected) -> assertTrue(rows.get(name).startsWith(expected),
                "default of [" + name + "] in the README is [" + rows.get(name) + "], the code says " + expected));
        for (String name : params.keySet()) {
            assertTrue(Stream.of(SharedSecretFilter.Builder.class.getMethods()).anyMatch(m -> m.getName().equals(name)),
                    "the builder has no method [" + name + "]");
        }
    }

    @Test
    void readmeNamesTheAttributeAndTheMBeanAsTheCodeDoes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("`" + SharedSecretFilter.SOURCE_ATTRIBUTE + "`"), SharedSecretFilter.SOURCE_ATTRIBUTE);
        assertTrue(readme.contains("`dev.sharedsecret:type=SharedSecretFilter,name=<filter name>`"), "MBean name");
        List<String> attributes = Stream.of(SharedSecretFilterMXBean.class.getMethods())
                .map(m -> m.getName().substring("get".length())).sorted().collect(Collectors.toList());
        Matcher listed = Pattern.compile("counts\\s+(`\\w+`(?:,?\\s+(?:and\\s+)?`\\w+`)*)").matcher(readme);
        assertTrue(listed.find(), "the README lists the MBean's attributes after \"counts\"");
        List<String> documented = Pattern.compile("`(\\w+)`").matcher(listed.group(1)).results()
                .map(r -> r.group(1)).sorted().collect(Collectors.toList());
        assertEquals(attributes, documented);
    }

    /**
     * The consumer projects repeat one another on purpose, each standing alone as a user's project
     * would: a file at the same path under src/ of two projects must be the same, except the
     * web.xml of each Servlet generation (its header names the schema).
     */
    @Test
    void consumerProjectsShareTheirSources() throws IOException {
        Path it = Path.of("src", "it");
        Map<String, Map<String, List<Path>>> byPathAndContent = new TreeMap<>();
        try (Stream<Path> files = Files.walk(it)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Path inProject = it.relativize(file).subpath(1, it.relativize(file).getNameCount());
                if (inProject.startsWith("src") && !inProject.endsWith(Path.of("WEB-INF", "web.xml"))) {
                    byPathAndContent.computeIfAbsent(inProject.toString(), k -> new TreeMap<>())
                            .computeIfAbsent(Files.readString(file), k -> new ArrayList<>()).add(file);
                }
            }
        }
        List<String> differing = new ArrayList<>();
        byPathAndContent.forEach((path, versions) -> {
            if (versions.size() > 1) {
                differing.add(path + ": " + versions.values());
            }
        });
        assertTrue(differing.isEmpty(), "consumer copies differ:\n" + String.join("\n", differing));
    }

    /** Removes the indentation common to all non-blank lines and trailing blanks; no final newline. */
    static String dedent(String text) {
        List<String> lines = text.lines().map(String::stripTrailing).collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}
