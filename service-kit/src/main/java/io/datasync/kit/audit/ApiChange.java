package io.datasync.kit.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a mutating API request did, read from its method and path under the service's API base: {@code POST
 * /api/scheduler/schedules/j1/pause} is action {@code pause} on {@code schedule} {@code j1}; {@code POST
 * /api/sync/jobs/j1/runs} is {@code create-run} on {@code job} {@code j1}; {@code DELETE /api/x/things/7} is
 * {@code delete} on {@code thing} {@code 7}; {@code POST /api/x/things} is {@code create}. Resource types are singular,
 * as config-service names its own ({@code job}, {@code connection}), so one filter finds everything done to a job.
 */
public record ApiChange(String action, String resourceType, String resourceId) {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** Whether an HTTP method can change state. */
    public static boolean mutating(String method) {
        return method != null && MUTATING.contains(method.toUpperCase(Locale.ROOT));
    }

    /** The change a request to {@code path} (under {@code apiBase}, e.g. {@code /api/sync}) made. */
    public static ApiChange of(String method, String path, String apiBase) {
        String rest = path.startsWith(apiBase) ? path.substring(apiBase.length()) : path;
        List<String> parts =
                Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).toList();
        String verb = method.toUpperCase(Locale.ROOT);
        String resourceType =
                singular(parts.isEmpty() ? apiBase.substring(apiBase.lastIndexOf('/') + 1) : parts.get(0));
        String resourceId = parts.size() >= 2 ? parts.get(1) : null;
        String action;
        if (parts.size() == 3 && verb.equals("POST") && !singular(parts.get(2)).equals(parts.get(2))) {
            // POST /jobs/j1/runs: a new member of the job's runs
            action = "create-" + singular(parts.get(2));
        } else if (parts.size() >= 3) {
            action = parts.get(parts.size() - 1);
        } else if (parts.size() == 2 && verb.equals("POST")) {
            // POST /things/test: an action on the collection, not a thing named "test"
            action = parts.get(1);
            resourceId = null;
        } else {
            action = switch (verb) {
                case "POST" -> "create";
                case "DELETE" -> "delete";
                default -> "update";
            };
        }
        return new ApiChange(action, resourceType, resourceId);
    }

    /** {@code jobs} → {@code job}; a word that is no plural in {@code s} stays as it is. */
    static String singular(String word) {
        return word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
                ? word.substring(0, word.length() - 1)
                : word;
    }
}
