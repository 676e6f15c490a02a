package io.datasync.sync.connector.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code rel="next"} target of {@code Link} headers (RFC 8288), as GitHub-style APIs paginate. */
final class LinkHeader {

    /** One link-value: {@code <uri>} followed by its parameters, up to the comma that starts the next one. */
    private static final Pattern LINK =
            Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,=\\s]+\\s*(?:=\\s*(?:\"[^\"]*\"|[^;,\\s]*))?)*)");

    private static final Pattern PARAM = Pattern.compile(";\\s*([^;,=\\s]+)\\s*(?:=\\s*(?:\"([^\"]*)\"|([^;,\\s]*)))?");

    private LinkHeader() {}

    /**
     * The next page's URI among all {@code Link} header values of a response, resolved against the request's URI;
     * empty on the last page.
     *
     * @throws IllegalArgumentException when the next link is not a URI
     */
    static Optional<URI> next(List<String> values, URI request) {
        for (String value : values) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                if (isNext(link.group(2))) {
                    return Optional.of(request.resolve(link.group(1).strip()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a link's parameters say {@code rel="next"}; {@code rel} may hold several space-separated types. */
    private static boolean isNext(String parameters) {
        Matcher param = PARAM.matcher(parameters);
        while (param.find()) {
            if (param.group(1).equalsIgnoreCase("rel")) {
                String rel = param.group(2) != null ? param.group(2) : param.group(3);
                for (String type : rel == null ? new String[0] : rel.strip().split("\\s+")) {
                    if (type.toLowerCase(Locale.ROOT).equals("next")) {
                        return true;
                    }
                }
                return false; // only the first rel counts (RFC 8288 3.3)
            }
        }
        return false;
    }
}
