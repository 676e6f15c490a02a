package io.datasync.sync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    private static final URI REQUEST = URI.create("https://api.example.com/v1/items?page=1");

    @Test
    void findsTheNextLinkAmongOthers() {
        String github = "<https://api.example.com/v1/items?page=2>; rel=\"next\","
                + " <https://api.example.com/v1/items?page=9>; rel=\"last\"";

        assertThat(LinkHeader.next(List.of(github), REQUEST))
                .contains(URI.create("https://api.example.com/v1/items?page=2"));
    }

    @Test
    void theNextLinkMayComeAfterOthersInAnyHeaderAndWithFurtherParameters() {
        List<String> headers = List.of(
                "<https://api.example.com/v1/items?page=1>; rel=\"first prev\"",
                "<https://api.example.com/v1/items?page=3&q=a,b>; title=\"x; y\"; REL=\"last next\"");

        assertThat(LinkHeader.next(headers, REQUEST))
                .contains(URI.create("https://api.example.com/v1/items?page=3&q=a,b"));
    }

    @Test
    void anUnquotedRelAndARelativeTargetAreAccepted() {
        assertThat(LinkHeader.next(List.of("</v1/items?cursor=abc>;rel=next"), REQUEST))
                .contains(URI.create("https://api.example.com/v1/items?cursor=abc"));
    }

    @Test
    void withoutANextLinkThereIsNoNextPage() {
        assertThat(LinkHeader.next(List.of("<https://api.example.com/v1/items?page=1>; rel=\"prev\""), REQUEST))
                .isEmpty();
        assertThat(LinkHeader.next(List.of("<https://api.example.com/nextish>; rel=\"nextish\""), REQUEST))
                .isEmpty();
        assertThat(LinkHeader.next(List.of(), REQUEST)).isEmpty();
        assertThat(LinkHeader.next(List.of("garbage"), REQUEST)).isEmpty();
    }
}
