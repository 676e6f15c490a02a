package io.datasync.system.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.connector.CatalogMarkdown;
import io.datasync.system.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The option tables in the READMEs are the catalog's declarations rendered ({@link CatalogMarkdown}): a README that
 * differs fails here. Run with {@code -Ddatasync.docs.update=true} to rewrite the generated blocks in place.
 */
class CatalogDocsTest {

    private static final Pattern BLOCK =
            Pattern.compile("(<!-- generated:([a-z:-]+) -->\\n)(.*?)(<!-- /generated -->)", Pattern.DOTALL);

    private static final List<String> READMES = List.of("config-service/README.md", "sync-service/README.md");

    /** Generated blocks another test owns, by the test that checks them. */
    private static final Map<String, String> OWNED_ELSEWHERE =
            Map.of("sync-error-codes", "sync-service's SyncErrorCodeTest");

    @Test
    void everyGeneratedBlockMatchesTheCatalogAndEveryBlockIsSomewhere() throws IOException {
        Map<String, String> expected = CatalogMarkdown.blocks();
        boolean update = Boolean.getBoolean("datasync.docs.update");
        Set<String> seen = new HashSet<>();
        for (String readme : READMES) {
            Path file = RepoRoot.find().resolve(readme);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = BLOCK.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (m.find()) {
                String name = m.group(2);
                if (OWNED_ELSEWHERE.containsKey(name)) {
                    continue;
                }
                assertThat(expected)
                        .as(readme + " has a block the catalog does not make")
                        .containsKey(name);
                seen.add(name);
                if (update) {
                    m.appendReplacement(
                            rewritten, Matcher.quoteReplacement(m.group(1) + expected.get(name) + m.group(4)));
                } else {
                    assertThat(m.group(3))
                            .as(readme + " block " + name
                                    + " differs from the catalog; run the test with -Ddatasync.docs.update=true")
                            .isEqualTo(expected.get(name));
                }
            }
            if (update) {
                m.appendTail(rewritten);
                Files.writeString(file, rewritten.toString(), StandardCharsets.UTF_8);
            }
        }
        assertThat(seen)
                .as("every block of the catalog is in a README")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
}
