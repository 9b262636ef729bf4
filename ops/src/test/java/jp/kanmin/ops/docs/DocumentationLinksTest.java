package jp.kanmin.ops.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README is a door to the guides under {@code ops/docs}: every page is linked from it, and no link is broken. */
class DocumentationLinksTest {

    static final Path ROOT = Path.of("..");
    static final Path DOCS = Path.of("docs");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");

    @Test
    void everyRelativeLinkOfTheReadmeAndTheGuidesLeadsToAFile() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("[a-z]+:.*") && !Files.exists(page.getParent().resolve(target))) {
                    broken.add(page + " → " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyGuideIsLinkedFromTheReadme() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        try (Stream<Path> guides = Files.list(DOCS)) {
            assertThat(guides.filter(path -> path.toString().endsWith(".md")).toList())
                    .as("guides").hasSizeGreaterThan(5)
                    .allSatisfy(guide -> assertThat(readme).contains("](ops/docs/" + guide.getFileName() + ")"));
        }
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> guides = Files.list(DOCS)) {
            return Stream.concat(Stream.of(ROOT.resolve("README.md")),
                                 guides.filter(path -> path.toString().endsWith(".md"))).toList();
        }
    }
}
