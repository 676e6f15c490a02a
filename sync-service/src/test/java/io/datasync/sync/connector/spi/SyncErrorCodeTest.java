package io.datasync.sync.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One enum for every code: unique, well formed, and the README's table is rendered from it (run with
 * {@code -Ddatasync.docs.update=true} to rewrite the table after changing the enum).
 */
class SyncErrorCodeTest {

    private static final Pattern BLOCK =
            Pattern.compile("(<!-- generated:sync-error-codes -->\\n)(.*?)(<!-- /generated -->)", Pattern.DOTALL);

    @Test
    void codesAreUniqueAndWellFormed() {
        assertThat(Arrays.stream(SyncErrorCode.values()).map(SyncErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("SYNC-\\d{3}"));
        assertThat(SyncErrorCode.values())
                .allSatisfy(c -> assertThat(c.description()).isNotBlank());
    }

    @Test
    void theReadmeTableIsTheEnum() throws IOException {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(text);
        assertThat(m.find())
                .as("README.md has the generated sync-error-codes block")
                .isTrue();
        if (Boolean.getBoolean("datasync.docs.update")) {
            Files.writeString(
                    readme,
                    text.substring(0, m.start())
                            + m.group(1)
                            + SyncErrorCode.markdownTable()
                            + m.group(3)
                            + text.substring(m.end()),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(m.group(2))
                .as("sync-service/README.md's error code table; run with -Ddatasync.docs.update=true")
                .isEqualTo(SyncErrorCode.markdownTable());
    }

    @Test
    void aFailureIsAsRetriableAsItsCodeUnlessItsSituationSaysOtherwise() {
        assertThat(new ConnectorException(SyncErrorCode.JDBC_CONNECTION_FAILED, "reset", null).retriable())
                .isTrue();
        assertThat(new ConnectorException(SyncErrorCode.HTTP_REQUEST_REFUSED, true, "HTTP 503", null).retriable())
                .isTrue();
        assertThat(new ConnectorException(SyncErrorCode.EGRESS_REFUSED, "no", null).code())
                .isEqualTo("SYNC-015");
    }
}
