package dev.pampa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository must explain itself: a newcomer with a clone has every file its docs and comments
 * point to. So no file may cite the first design sketch (it never was in the repository) or a path
 * outside the repository, every citation of {@code docs/design.md §N} must name a section it has, and
 * every relative link of a Markdown file must reach a file of the repository (and a heading, when it
 * names one).
 *
 * <p>The forbidden texts are assembled from pieces here, so that this file does not cite them itself.
 */
class DocsReferencesTest {
    private static final Set<String> SCANNED_EXTENSIONS = Set.of("md", "java", "yml", "yaml", "xml", "sh", "properties");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".idea", ".vscode", "bench-out", "node_modules");

    private static final String SKETCH = "DESIGN" + ".md";
    /** The directory beside the repository where the first sketch lived, by a relative or an absolute path. */
    private static final Pattern SHARED_DIRECTORY = Pattern.compile("(?:\\.\\./)+" + "shared\\b|(?<![\\w.~-])/" + "work/");
    /** A run of parent steps, as in {@code ../../x}; not the tail of a longer run of dots. */
    private static final Pattern CLIMB = Pattern.compile("(?<![\\w.])((?:\\.\\./)+)");
    private static final Pattern DESIGN_CITATION = Pattern.compile("design\\.md §(\\d+(?:\\.\\d+)?)");
    private static final Pattern SECTION_MARK = Pattern.compile("§(\\d+(?:\\.\\d+)?)");
    private static final Pattern NUMBERED_HEADING = Pattern.compile("^#{2,4} (\\d+(?:\\.\\d+)?)\\.? ");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#* *$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private static Path root;
    private static List<Path> files;

    @BeforeAll
    static void findRepository() throws IOException {
        root = repositoryRoot();
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> root.relativize(p).getNameCount() == 1 || notSkipped(root.relativize(p).getParent()))
                    .filter(DocsReferencesTest::scanned)
                    .sorted()
                    .toList();
        }
    }

    @Test
    void scansTheRepositorysSourcesAndDocs() {
        // a scan that found nothing (the wrong root, a broken filter) would pass every other test
        assertThat(files).contains(root.resolve("README.md"), root.resolve("docs/design.md"),
                root.resolve("runtime/src/test/java/dev/pampa/DocsReferencesTest.java"));
        assertThat(files).noneMatch(p -> p.toString().contains("/target/"));
    }

    @Test
    void noFileCitesTheSketchOrAPathOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            int depth = root.relativize(file).getNameCount() - 1;
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = root.relativize(file) + ":" + (i + 1) + ": ";
                if (line.contains(SKETCH)) {
                    found.add(where + "cites " + SKETCH + ", which is not in the repository — cite docs/design.md's section instead");
                }
                if (SHARED_DIRECTORY.matcher(line).find()) {
                    found.add(where + "names a directory outside the repository — state the fact, or cite a file of the repository");
                }
                Matcher climb = CLIMB.matcher(line);
                while (climb.find()) {
                    if (climb.group(1).length() / 3 > depth) {
                        found.add(where + "'" + climb.group(1) + "' climbs out of the repository even from this file's directory");
                    }
                }
            }
        }
        assertThat(found).as("references to files outside the repository").isEmpty();
    }

    @Test
    void everyCitationOfTheDesignNamesOneOfItsSections() {
        Path design = root.resolve("docs/design.md");
        Set<String> sections = new TreeSet<>();
        for (String line : withoutCodeBlocks(lines(design))) {
            Matcher m = NUMBERED_HEADING.matcher(line);
            if (m.find()) {
                sections.add(m.group(1));
            }
        }
        assertThat(sections).as("numbered sections of docs/design.md").contains("4", "5");

        List<String> cited = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            Pattern citation = file.equals(design) ? SECTION_MARK : DESIGN_CITATION;
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = citation.matcher(lines.get(i));
                while (m.find()) {
                    cited.add(m.group(1));
                    if (!sections.contains(m.group(1))) {
                        missing.add(root.relativize(file) + ":" + (i + 1) + ": cites §" + m.group(1)
                                + ", which docs/design.md does not have (it has " + String.join(", ", sections) + ")");
                    }
                }
            }
        }
        assertThat(cited).as("citations of docs/design.md's sections in the repository").isNotEmpty();
        assertThat(missing).as("citations of sections docs/design.md does not have").isEmpty();
    }

    @Test
    void everyRelativeLinkOfTheDocsReachesTheRepository() {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            List<String> lines = withoutCodeBlocks(lines(file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String problem = linkProblem(file, m.group(1), anchors);
                    if (problem != null) {
                        broken.add(root.relativize(file) + ":" + (i + 1) + ": " + m.group(1) + " " + problem);
                    }
                }
            }
        }
        assertThat(broken).as("relative links that do not reach the repository").isEmpty();
    }

    /** Null when the link reaches a file of the repository (and its heading); else what is wrong. */
    private static String linkProblem(Path from, String link, Map<Path, Set<String>> anchors) {
        if (URL_SCHEME.matcher(link).find()) {
            return null;
        }
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        Path target = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!target.startsWith(root)) {
            return "leads out of the repository";
        }
        if (!Files.exists(target)) {
            return "names no file of the repository";
        }
        if (hash < 0 || !target.toString().endsWith(".md")) {
            return null;
        }
        String anchor = link.substring(hash + 1);
        Set<String> known = anchors.computeIfAbsent(target, DocsReferencesTest::anchorsOf);
        return known.contains(anchor) ? null : "names no heading of " + root.relativize(target);
    }

    /** The anchors a Markdown file offers: its headings as GitHub names them, and explicit HTML anchors. */
    private static Set<String> anchorsOf(Path markdown) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutCodeBlocks(lines(markdown))) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum);
                out.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                out.add(html.group(1));
            }
        }
        return out;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    /** The lines, with those inside fenced code blocks blanked (their headings and links are text). */
    private static List<String> withoutCodeBlocks(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        boolean inFence = false;
        for (String line : lines) {
            boolean fence = line.stripLeading().startsWith("```");
            out.add(inFence || fence ? "" : line);
            if (fence) {
                inFence = !inFence;
            }
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean notSkipped(Path relativeDirectory) {
        for (Path part : relativeDirectory) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    /** Sources, docs and build files by their extension, and scripts without one by their #! line. */
    private static boolean scanned(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && SCANNED_EXTENSIONS.contains(name.substring(dot + 1))) {
            return true;
        }
        if (dot > 0) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory of the parent pom, above the module the test runs in (or the working directory itself). */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("runtime/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository above " + Path.of("").toAbsolutePath()
                + ": run the test from the repository or one of its modules");
    }
}
