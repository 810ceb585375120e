package io.fleetlake.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The user documentation holds together: every relative link of README, CONTRIBUTING, CHANGELOG and
 * docs/ resolves to a file of the repository, every configuration group has a page (a heading that
 * names it), and the README stays short.
 */
class DocsLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}; the target up to a space or ')'. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        for (String top : List.of("README.md", "CONTRIBUTING.md", "CHANGELOG.md")) {
            if (Files.exists(Path.of(top))) {
                pages.add(Path.of(top));
            }
        }
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The page's text without fenced code blocks (a link inside an example is not a link). */
    static String prose(Path page) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(prose(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue; // http(s), mailto: not ours to check offline; an anchor on the page
                }
                links++;
                String file = target.replaceAll("#.*$", "");
                Path resolved = page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(20);
        assertThat(broken).as("relative links that resolve to no file").isEmpty();
    }

    @Test
    void everyConfigurationGroupHasItsPage() throws IOException {
        Path reference = Path.of("docs", "configuration.md");
        List<String> headings = new ArrayList<>();
        for (Path page : pages()) {
            if (page.startsWith("docs") && !page.equals(reference)) {
                for (String line : prose(page).split("\n")) {
                    if (line.startsWith("#")) {
                        headings.add(line);
                    }
                }
            }
        }
        List<String> missing =
                FleetlakeOptions.groups().stream()
                        .map(ConfigGroup::id)
                        .filter(id -> headings.stream().noneMatch(h -> h.contains("`" + id + "`")))
                        .collect(Collectors.toList());
        assertThat(missing)
                .as("groups with no docs page whose heading names them in backticks")
                .isEmpty();
    }

    @Test
    void readmeStaysShort() throws IOException {
        assertThat(Files.readAllLines(Path.of("README.md"))).hasSizeLessThanOrEqualTo(200);
    }
}
