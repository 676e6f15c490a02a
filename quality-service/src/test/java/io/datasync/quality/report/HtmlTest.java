package io.datasync.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesEveryCharacterThatCouldOpenMarkupOrLeaveAnAttribute() {
        assertThat(Html.escape("<script>alert('x' & \"y\")</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
    }

    @Test
    void leavesPlainTextAloneAndWritesNullAsNothing() {
        assertThat(Html.escape("orders_rules v3 – ok")).isEqualTo("orders_rules v3 – ok");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape(42)).isEqualTo("42");
    }

    @Test
    void replacesControlCharactersButKeepsLineBreaks() {
        assertThat(Html.escape("a\u0000b\nc\td")).isEqualTo("a\uFFFDb\nc\td");
    }
}
